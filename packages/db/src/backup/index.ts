// Backup: a dump of the database (pg_dump or a PGlite data dir), its restore, and the bus offsets to resume from.

export { type BackupFormat, type BackupTarget, backupDatabase, backupFormatOf, nextMessageOffsets, restoreDatabase } from './backup.ts';
