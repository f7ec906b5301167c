// A day's stories computed ahead of the request: the analysis service's story job stores them per day and scope
// (`day_stories`), and the summary reads one row and its example posts instead of grouping the day's posts by fired term.
// A stored row names the rollup counts it was computed from (its fingerprint): when they have moved since, the stories
// are behind, and the summary either says so (within the lag allowed) or computes them on request.

import { addDays } from '@pantau/contracts';
import {
  type CoordinationRuleName,
  type Database,
  type DayCounts,
  dayCounts,
  earliestDay,
  getDayStoriesWithCounts,
  listDayStoryFingerprints,
  saveDayStories,
  storyPosts,
} from '@pantau/db';
import { DEFAULT_SPIKE_RULE, type SpikeRule } from '@pantau/disclosure';
import { type DayStories, dayStories, MAX_SPIKES, type ReportSpike, reportExampleOf } from './stories.ts';

/** The scopes whose stories are computed ahead: all posts, and all posts without coordinated ones. */
export const STORY_SCOPES = ['all', 'without-coordinated'] as const;
export type StoryScope = (typeof STORY_SCOPES)[number];

/** How long after they were computed a changed day's stories are still served (STORY_MAX_BEHIND_SECONDS). */
export const DEFAULT_STORY_MAX_BEHIND_MS = 600_000;

/** The stored scope a summary's filters ask for, or null when its stories are computed on request (a topic, a platform, one rule). */
export function storyScopeOf(o: {
  topicId?: number | undefined;
  platform?: string | undefined;
  excludeCoordinated?: boolean | undefined;
  excludeRule?: CoordinationRuleName | undefined;
}): StoryScope | null {
  if (o.topicId !== undefined || o.platform !== undefined) return null;
  if (!o.excludeCoordinated) return 'all';
  return o.excludeRule === undefined ? 'without-coordinated' : null;
}

/** The spike rule as stored stories are keyed by it. */
export const spikeRuleKey = (rule: SpikeRule = DEFAULT_SPIKE_RULE) =>
  `${rule.windowDays}/${rule.k}/${rule.minCount}/${rule.newTermMinCount}`;

/** When and from what a summary's stories were computed. */
export interface StoriesAsOf {
  /** When the stories were computed (ISO 8601). */
  computedAt: string;
  /** Posts of the day (in the summary's scope) when they were computed. */
  posts: number;
  /** True when the day's data (or its baseline window) changed after they were computed. */
  behind: boolean;
}

/** The fingerprint of the counts a day's stories depend on: the first day with data, and the day and its baseline window. */
function fingerprintOf(counts: ReadonlyMap<string, DayCounts>, earliest: string | null, date: string, windowDays: number): string {
  const days = Array.from({ length: windowDays + 1 }, (_, i) => {
    const c = counts.get(addDays(date, i - windowDays));
    return c ? `${c.posts}:${c.coordinated}` : '0:0';
  });
  return `${earliest ?? '-'}|${days.join(',')}`;
}

const postsIn = (counts: ReadonlyMap<string, DayCounts>, date: string, scope: StoryScope) => {
  const c = counts.get(date);
  return c ? c.posts - (scope === 'without-coordinated' ? c.coordinated : 0) : 0;
};

/** A story as stored: its example posts by id (and repeats), read again when served so that removals show. */
type StoredStory = Omit<ReportSpike, 'examples'> & { examples: { id: number; sameText: number }[] };
interface StoredContent {
  stories: StoredStory[];
  more: number;
  baselineAvailable: boolean;
}

export interface StoredStoryOptions {
  modelVersion: string;
  rule?: SpikeRule | undefined;
}

/** Computes and stores the stories of one day and scope; `counts` and `earliest` are read before the stories are. */
async function storeDayStories(
  db: Database,
  o: StoredStoryOptions & { date: string; scope: StoryScope; counts: ReadonlyMap<string, DayCounts>; earliest: string | null },
): Promise<void> {
  const rule = o.rule ?? DEFAULT_SPIKE_RULE;
  const told = await dayStories(db, {
    date: o.date,
    modelVersion: o.modelVersion,
    rule,
    limit: MAX_SPIKES,
    excludeCoordinated: o.scope === 'without-coordinated',
  });
  const content: StoredContent = {
    stories: told.stories.map((s) => ({ ...s, examples: s.examples.map((e) => ({ id: e.id ?? 0, sameText: e.sameText ?? 1 })) })),
    more: told.more,
    baselineAvailable: told.baselineAvailable,
  };
  await saveDayStories(db, {
    day: o.date,
    scope: o.scope,
    modelVersion: o.modelVersion,
    rule: spikeRuleKey(rule),
    fingerprint: fingerprintOf(o.counts, o.earliest, o.date, rule.windowDays),
    posts: postsIn(o.counts, o.date, o.scope),
    computedAt: new Date(),
    content: content as unknown as Record<string, unknown>,
  });
}

/** A day and scope whose stored stories are missing or behind the rollups. */
export interface StaleStories {
  day: string;
  scope: StoryScope;
  /** The fingerprint of the rollups now. */
  fingerprint: string;
  /** The stored row's fingerprint and time, when there is one. */
  stored: { fingerprint: string; computedAt: string } | undefined;
}

/**
 * The story job's pass: every day with posts whose stored stories (of each scope) are missing or no longer match the
 * rollups is computed again, when `due` agrees (the job waits for a day's writes to settle). Returns the days computed.
 */
export async function refreshDayStories(
  db: Database,
  o: StoredStoryOptions & { due?: (stale: StaleStories) => boolean; onStale?: (stale: StaleStories[]) => void },
): Promise<{ day: string; scope: StoryScope }[]> {
  const rule = o.rule ?? DEFAULT_SPIKE_RULE;
  const [counts, earliest, stored] = await Promise.all([
    dayCounts(db, { modelVersion: o.modelVersion }),
    earliestDay(db),
    listDayStoryFingerprints(db, { modelVersion: o.modelVersion, rule: spikeRuleKey(rule) }),
  ]);
  const stale: StaleStories[] = [];
  for (const [day, c] of counts) {
    if (c.posts <= 0) continue;
    const fingerprint = fingerprintOf(counts, earliest, day, rule.windowDays);
    for (const scope of STORY_SCOPES) {
      const row = stored.get(`${day} ${scope}`);
      if (row?.fingerprint !== fingerprint) stale.push({ day, scope, fingerprint, stored: row });
    }
  }
  o.onStale?.(stale);
  const computed: { day: string; scope: StoryScope }[] = [];
  // Newest day first: the day the dashboard opens on.
  for (const s of stale.reverse()) {
    if (o.due && !o.due(s)) continue;
    await storeDayStories(db, { ...o, rule, date: s.day, scope: s.scope, counts, earliest });
    computed.push({ day: s.day, scope: s.scope });
  }
  return computed;
}

/**
 * The stored stories of a day and scope with their example posts read now, and when and from how many posts they were
 * computed; null when none are stored, or when they are behind the rollups by more than `maxBehindMs` since computed.
 */
export async function storedDayStories(
  db: Database,
  o: StoredStoryOptions & { date: string; scope: StoryScope; maxBehindMs: number; now?: number },
): Promise<{ told: DayStories; asOf: StoriesAsOf } | null> {
  const rule = o.rule ?? DEFAULT_SPIKE_RULE;
  const {
    stored: row,
    counts,
    earliest,
  } = await getDayStoriesWithCounts(db, {
    day: o.date,
    scope: o.scope,
    modelVersion: o.modelVersion,
    rule: spikeRuleKey(rule),
    from: addDays(o.date, -rule.windowDays),
  });
  if (!row) return null;
  const behind = row.fingerprint !== fingerprintOf(counts, earliest, o.date, rule.windowDays);
  if (behind && (o.now ?? Date.now()) - Date.parse(row.computedAt) > o.maxBehindMs) return null;
  const content = row.content as unknown as StoredContent;
  const ids = content.stories.flatMap((s) => s.examples.map((e) => e.id));
  const posts = new Map((await storyPosts(db, { ids, modelVersion: o.modelVersion })).map((p) => [p.id, p]));
  const stories = content.stories.map((s) => ({
    ...s,
    // A post deleted since (forgotten) is no longer quoted; one whose text retention removed shows as removed.
    examples: s.examples.flatMap((e) => {
      const post = posts.get(e.id);
      return post ? [reportExampleOf(post, e.sameText)] : [];
    }),
  }));
  return {
    told: { stories, more: content.more, baselineAvailable: content.baselineAvailable },
    asOf: { computedAt: row.computedAt, posts: row.posts, behind },
  };
}
