// Audit: the hash-chained log of administrative actions and key use, and its verification.

export {
  AUDIT_GENESIS_HASH,
  type AuditChainBreak,
  type AuditChainReport,
  type AuditEntry,
  appendAudit,
  isAuditDataError,
  minimalAuditEntry,
  verifyAuditChain,
} from './audit.ts';
