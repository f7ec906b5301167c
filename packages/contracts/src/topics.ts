import { z } from 'zod';

/** Kafka topic names. */
export const TOPICS = {
  postsRaw: 'posts.raw',
  postsDlq: 'posts.dlq',
  /** Posts after the analysis commit, with their near-duplicate signature: what the coordination stage consumes. */
  postsAnalyzed: 'posts.analyzed',
} as const;

/** Why a message was dead-lettered; each reason is counted in the exclusions table. */
export const DLQ_REASONS = [
  'invalid_json',
  'invalid_utf8',
  'not_an_object',
  'schema_version',
  'schema_invalid',
  'missing_field',
  'wrong_type',
  'empty_text',
  'text_too_long',
  'control_characters',
  'html_markup',
  'invalid_date',
  'future_date',
  'key_mismatch',
  'not_public',
  'processing_failed',
] as const;
export type DlqReason = (typeof DLQ_REASONS)[number];

/** A message on `posts.dlq`: the reason, a short detail and the original bytes (base64). */
export const DeadLetter = z.object({
  reason: z.enum(DLQ_REASONS),
  detail: z.string().max(2000),
  stage: z.enum(['ingest', 'analysis']),
  sourceTopic: z.string(),
  partition: z.number().int().nullable(),
  offset: z.string().nullable(),
  key: z.string().nullable(),
  valueBase64: z.string(),
  deadLetteredAt: z.iso.datetime(),
});
export type DeadLetter = z.infer<typeof DeadLetter>;
