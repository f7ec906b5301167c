// Privacy: forgetting an author and the retention run, each taken out of every rollup and audited.

export {
  type AccessResult,
  accessAuthor,
  applyRetention,
  type ForgetResult,
  forgetAuthor,
  type HeldPost,
  type PrivacyAuditRow,
  privacyAuditLog,
  type RetentionResult,
} from './privacy.ts';
