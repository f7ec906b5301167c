import { POST_SCHEMA_VERSION, type Post, type SentimentPrediction } from '@pantau/contracts';
import type { AnalyzedPost } from '@pantau/db';

/** A valid `Post` for tests; fields can be overridden. */
export function makePost(overrides: Partial<Post> = {}): Post {
  return {
    schemaVersion: POST_SCHEMA_VERSION,
    platform: 'x',
    externalId: '1',
    authorPseudonym: 'a'.repeat(64),
    publishedAt: '2026-11-10T01:00:00.000Z',
    text: 'antrean di puskesmas lama sekali',
    url: null,
    engagement: { likes: 1, replies: 0, shares: 0, views: 10 },
    langHint: null,
    collectedAt: '2026-11-10T02:00:00.000Z',
    source: { connector: 'test', runId: 'run-1' },
    ...overrides,
  };
}

const PREDICTIONS: Record<SentimentPrediction['label'], SentimentPrediction> = {
  negative: { label: 'negative', probabilities: [0.8, 0.1, 0.1], confidence: 0.8 },
  neutral: { label: 'neutral', probabilities: [0.1, 0.8, 0.1], confidence: 0.8 },
  positive: { label: 'positive', probabilities: [0.1, 0.1, 0.8], confidence: 0.8 },
  uncertain: { label: 'uncertain', probabilities: [0.35, 0.3, 0.35], confidence: 0.35 },
};

/** An analysed post for database tests. */
export function makeAnalyzed(
  post: Post,
  options: { label?: SentimentPrediction['label']; offset?: number; day?: string; keywords?: string[] } = {},
): AnalyzedPost {
  return {
    post,
    day: options.day ?? '2026-11-10',
    lang: 'id',
    langConfidence: 0.9,
    messageRef: `posts.raw/0/${options.offset ?? 0}`,
    sentiment: PREDICTIONS[options.label ?? 'negative'],
    keywords: (options.keywords ?? ['antrean', 'puskesmas']).map((k) => ({ key: k, term: k, kind: 'unigram' })),
  };
}
