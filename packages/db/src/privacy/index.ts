// Privacy: forgetting an author and the retention run, each taken out of every rollup and audited.

export { applyRetention, type ForgetResult, forgetAuthor, type PrivacyAuditRow, privacyAuditLog, type RetentionResult } from './privacy.ts';
