import { z } from 'zod';

/** A message on `posts.analyzed`: a stored post's id, time and near-duplicate signature, and when analysis committed it. */
export const AnalyzedPostMessage = z.object({
  id: z.number().int().positive(),
  publishedAt: z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'a date-time'),
  /** MinHash values of the normalized text, or null for a post too short to compare. */
  minhash: z.array(z.number().int()).nullable(),
  /** Normalized links the post shares. */
  links: z.array(z.string()),
  /** Milliseconds since the epoch when the analysis transaction holding the post had committed. */
  committedAtMs: z.number(),
});
export type AnalyzedPostMessage = z.infer<typeof AnalyzedPostMessage>;
