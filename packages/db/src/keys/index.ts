// API keys: stored as hashes, with scopes; creation and revocation are audited.

export {
  API_SCOPES,
  type ApiKeyInfo,
  type ApiScope,
  createApiKey,
  type KeyOwner,
  listApiKeys,
  revokeApiKey,
  verifyApiKey,
} from './api-keys.ts';
