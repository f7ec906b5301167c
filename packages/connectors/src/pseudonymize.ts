import { createHmac } from 'node:crypto';

/**
 * The author's pseudonym: HMAC-SHA-256 of `platform:handle` under a secret pepper, as 64 hex digits.
 * Handles are compared case-insensitively and without a leading `@`; the raw handle is never stored.
 */
export function pseudonymize(pepper: string, platform: string, author: string): string {
  const handle = author.trim().replace(/^@/, '').toLowerCase();
  return createHmac('sha256', pepper).update(`${platform}:${handle}`).digest('hex');
}
