import { createHash } from 'node:crypto';
import { asc, gt, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { auditLog } from '../schema.ts';
import { arrayParam, rowsOf, unnestRows } from '../sql.ts';

/** One audit event as the caller gives it; `at` defaults to now. */
export interface AuditEntry {
  keyId: string | null;
  action: string;
  detail: Record<string, unknown>;
  at?: Date;
  /** Set when the caller already altered the entry (e.g. its minimal form); sanitizing may set it too. */
  sanitized?: boolean;
}

/** The `prev_hash` of the first row of a chain. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);
/** Strings longer than this (in UTF-16 units) are cut before storage. */
export const AUDIT_MAX_STRING = 1024;
/** Nesting, array items and object keys kept of a detail value; deeper or further parts are cut. */
export const AUDIT_MAX_DEPTH = 8;
export const AUDIT_MAX_ITEMS = 100;

// Transaction-scoped advisory lock serializing appends of every API instance and command (migrate holds 774411).
const AUDIT_LOCK_KEY = 774412;

// The canonical content a row's hash covers, built by the database from the typed columns: a JSON array of the chain
// position, the time in UTC with microseconds (no session time zone or date style involved), the key id, the action,
// the detail (jsonb's text form: keys sorted, one spacing, numbers as stored) and the sanitized flag. It is the same
// text after a pg_dump and restore, on Postgres and on PGlite; migration 0009 uses the same expression.
const CANONICAL_CONTENT = sql<string>`jsonb_build_array(${auditLog.seq}, to_char(${auditLog.at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), ${auditLog.keyId}, ${auditLog.action}, ${auditLog.detail}, ${auditLog.sanitized})::text`;

/** The hash of a row: sha256 over the previous row's hash, a newline and the row's canonical content. */
export function auditRowHash(prevHash: string, content: string): string {
  return createHash('sha256').update(`${prevHash}\n${content}`, 'utf8').digest('hex');
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

interface CleanState {
  sanitized: boolean;
}

function cleanString(value: string, state: CleanState): string {
  // Postgres text and jsonb cannot hold NUL; a lone surrogate is not Unicode. Both become U+FFFD.
  let out = value.replace(/\u0000/g, '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');
  if (out.length > AUDIT_MAX_STRING) {
    out = `${out.slice(0, AUDIT_MAX_STRING).replace(/[\uD800-\uDBFF]$/, '')}…`;
  }
  if (out !== value) state.sanitized = true;
  return out;
}

function cleanValue(value: unknown, depth: number, state: CleanState): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'string') return cleanString(value, state);
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    state.sanitized = true;
    return null;
  }
  if (typeof value === 'bigint' || typeof value === 'symbol' || typeof value === 'function') {
    state.sanitized = true;
    return cleanString(String(value), state);
  }
  if (typeof value !== 'object') return null;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return cleanValue((value as { toJSON: () => unknown }).toJSON(), depth, state);
  }
  if (depth >= AUDIT_MAX_DEPTH) {
    state.sanitized = true;
    return '[too deep]';
  }
  if (Array.isArray(value)) {
    if (value.length > AUDIT_MAX_ITEMS) state.sanitized = true;
    return value.slice(0, AUDIT_MAX_ITEMS).map((v) => (v === undefined ? null : cleanValue(v, depth + 1, state)));
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length > AUDIT_MAX_ITEMS) state.sanitized = true;
  // fromEntries defines own properties, so a "__proto__" key stays data.
  return Object.fromEntries(entries.slice(0, AUDIT_MAX_ITEMS).map(([k, v]) => [cleanString(k, state), cleanValue(v, depth + 1, state)]));
}

/** An entry made storable: NUL and lone surrogates replaced by U+FFFD, long strings and deep values cut. */
export function sanitizeAuditEntry(entry: AuditEntry): Required<AuditEntry> {
  const state: CleanState = { sanitized: false };
  const detail = cleanValue(entry.detail, 0, state);
  const keyId = entry.keyId === null ? null : cleanString(entry.keyId, state);
  const action = cleanString(entry.action, state);
  return {
    keyId,
    action,
    detail: (detail !== null && typeof detail === 'object' && !Array.isArray(detail) ? detail : {}) as Record<string, unknown>,
    at: entry.at ?? new Date(),
    sanitized: state.sanitized || entry.sanitized === true,
  };
}

/**
 * The smallest form of an entry, for a row the database refused: its time, key, action and, from the detail, only
 * the method, route and status, with `minimal: true`. Stored with the sanitized flag.
 */
export function minimalAuditEntry(entry: AuditEntry): AuditEntry {
  const keep: Record<string, unknown> = { minimal: true };
  for (const name of ['method', 'route', 'status']) {
    const value = entry.detail[name];
    if (typeof value === 'string') keep[name] = value.slice(0, 256);
    else if (typeof value === 'number' && Number.isSafeInteger(value)) keep[name] = value;
  }
  return {
    keyId: entry.keyId?.slice(0, 64) ?? null,
    action: entry.action.slice(0, 64),
    detail: keep,
    at: entry.at ?? new Date(),
    sanitized: true,
  };
}

/**
 * Appends entries to the audit chain in one transaction, under the chain's advisory lock: each row gets the next
 * `seq`, the previous row's hash and its own. Values are sanitized first (such rows carry `sanitized`). Pass a
 * transaction to make the rows part of it. Returns the seq of the last row appended (0 when none).
 */
export async function appendAudit(db: Database, entries: readonly AuditEntry[]): Promise<number> {
  if (entries.length === 0) return 0;
  const rows = entries.map(sanitizeAuditEntry);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
    // Raw statements with one array parameter per column: the API appends a batch every second, and building a
    // 200-row insert and its chaining update through the query builder cost several percent of its CPU.
    const [head] = rowsOf(await tx.execute(sql`select seq, hash from audit_log where seq is not null order by seq desc limit 1`));
    const headSeq = head ? Number(head.seq) : 0;
    const firstSeq = headSeq + 1;
    const { into, select } = unnestRows(auditLog, {
      at: rows.map((r) => r.at.toISOString()),
      keyId: rows.map((r) => r.keyId),
      action: rows.map((r) => r.action),
      detail: { values: rows.map((r) => JSON.stringify(r.detail)), type: 'text', read: (v) => sql`${v}::jsonb` },
      seq: rows.map((_, i) => firstSeq + i),
      sanitized: rows.map((r) => r.sanitized),
    });
    const inserted = rowsOf(await tx.execute(sql`insert into ${into} ${select} returning id, seq, ${CANONICAL_CONTENT} as content`)).map(
      (r) => ({ id: Number(r.id), seq: Number(r.seq), content: String(r.content) }),
    );
    inserted.sort((a, b) => a.seq - b.seq);
    let prev = head ? String(head.hash) : AUDIT_GENESIS_HASH;
    const prevHashes: string[] = [];
    const hashes: string[] = [];
    for (const r of inserted) {
      const hash = auditRowHash(prev, r.content);
      prevHashes.push(prev);
      hashes.push(hash);
      prev = hash;
    }
    await tx.execute(
      sql`update audit_log set prev_hash = v.prev_hash, hash = v.hash
        from unnest(${arrayParam(inserted.map((r) => r.id))}::bigint[], ${arrayParam(prevHashes)}::text[], ${arrayParam(hashes)}::text[])
          as v(id, prev_hash, hash)
        where audit_log.id = v.id`,
    );
    return firstSeq + rows.length - 1;
  });
}

/** Where the chain first breaks, and why. */
export interface AuditChainBreak {
  /** The row where the break shows (null seq: a row outside the chain). */
  id: number;
  seq: number | null;
  kind: 'missing' | 'link' | 'edited' | 'unchained';
  message: string;
}

/** The result of walking the chain: rows checked, the last good row and the first break, if any. */
export interface AuditChainReport {
  rows: number;
  intact: boolean;
  head: { seq: number; hash: string } | null;
  broken: AuditChainBreak | null;
}

/**
 * Walks the audit chain in `seq` order and recomputes every hash from the stored values: a deleted row shows as a
 * gap in `seq`, an edited row as a hash that no longer matches, a reordered or replaced row as a `prev_hash` that is
 * not its predecessor's hash, a row inserted outside the chained append as a row without `seq` or hash. Rows removed
 * from the end leave no trace in the chain itself: compare `head` with a value recorded elsewhere.
 */
export async function verifyAuditChain(db: Database, options: { pageRows?: number } = {}): Promise<AuditChainReport> {
  const pageRows = options.pageRows ?? 5_000;
  let expectedSeq = 1;
  let prevHash = AUDIT_GENESIS_HASH;
  let rows = 0;
  let head: AuditChainReport['head'] = null;
  const report = (broken: AuditChainBreak | null): AuditChainReport => ({ rows, intact: broken === null, head, broken });
  for (;;) {
    const page = await db
      .select({ id: auditLog.id, seq: auditLog.seq, prevHash: auditLog.prevHash, hash: auditLog.hash, content: CANONICAL_CONTENT })
      .from(auditLog)
      .where(gt(auditLog.seq, expectedSeq - 1))
      .orderBy(asc(auditLog.seq))
      .limit(pageRows);
    for (const row of page) {
      const seq = row.seq as number;
      if (seq !== expectedSeq) {
        const range = seq - 1 === expectedSeq ? `${expectedSeq}` : `${expectedSeq} to ${seq - 1}`;
        return report({ id: row.id, seq, kind: 'missing', message: `row seq ${range} missing before seq ${seq} (id ${row.id}): deleted` });
      }
      if (row.prevHash !== prevHash) {
        return report({
          id: row.id,
          seq,
          kind: 'link',
          message: `row seq ${seq} (id ${row.id}) does not follow the row before it: rows replaced, inserted or reordered`,
        });
      }
      if (row.hash !== auditRowHash(prevHash, row.content)) {
        return report({ id: row.id, seq, kind: 'edited', message: `row seq ${seq} (id ${row.id}) changed after it was written` });
      }
      rows += 1;
      prevHash = row.hash;
      head = { seq, hash: row.hash };
      expectedSeq += 1;
    }
    if (page.length < pageRows) break;
  }
  const [outside] = await db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(or(isNull(auditLog.seq), isNull(auditLog.hash)))
    .orderBy(asc(auditLog.id))
    .limit(1);
  if (outside) {
    return report({
      id: outside.id,
      seq: null,
      kind: 'unchained',
      message: `row id ${outside.id} is not in the chain: written outside the chained append`,
    });
  }
  return report(null);
}

/** Whether an error (or its cause) is the database refusing a value or a constraint, not the database being away. */
export function isAuditDataError(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    // SQLSTATE classes 22 (data exception), 23 (integrity constraint violation), 54 (program limit exceeded); a
    // unique violation (23505) can only be a race on `seq`, which is retried, not a bad row.
    if (typeof code === 'string' && code !== '23505' && /^(22|23|54)[0-9A-Z]{3}$/.test(code)) return true;
  }
  return false;
}
