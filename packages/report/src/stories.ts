// The day's spikes as stories: one burst of posts lights up many terms, so the terms that fired on the same posts are
// folded into one event with its numbers and a few example posts. The daily report and the dashboard's summary of the
// day both take their stories from here, so they name the same events with the same numbers and the same posts.

import { addDays } from '@pantau/contracts';
import {
  type CoordinationRuleName,
  coordinatedKeywordCounts,
  type Database,
  earliestDay,
  type KeywordHistory,
  keywordHistories,
  keywordPostGroups,
  type StoryPost,
  storyPosts,
} from '@pantau/db';
import { DEFAULT_SPIKE_RULE, type ShareInterval, type SpikeRule, wilsonInterval } from '@pantau/disclosure';
import { detectSpike, type SpikeEvidence } from './spikes.ts';

/** Share of a term's posts that must belong to a stronger story for the term to be folded into it, not told alone. */
export const SAME_BURST_OVERLAP = 0.6;
/** Stories told in a report or a summary (the rest are counted). */
export const MAX_SPIKES = 10;
/** Example posts quoted per story. */
export const STORY_EXAMPLES = 3;
/** Posts of a story read to pick its examples from (those using most of its terms). */
const STORY_READ = 500;
/** Terms named in a story's title. */
const TITLE_TERMS = 3;

/** A term that fired the spike rule on the day, with the numbers that fired it. */
export interface FiredTerm {
  key: string;
  term: string;
  evidence: SpikeEvidence;
}

/** An example post of a story (pseudonymized; text and link null once retention removed them). */
export interface ReportExample {
  /** The post's id (open it through `/v1/mentions`). */
  id?: number;
  platform: string;
  /** Author pseudonym prefix; null once retention removed it. */
  author: string | null;
  publishedAt: string;
  /** Null once retention removed the text (`removed` says so). */
  text: string | null;
  label: string;
  url: string | null;
  removed?: 'retention' | null;
  /** Likes, replies and shares. */
  engagement?: number;
  /** Posts of the story with the same text (verbatim repeats, this one included). */
  sameText?: number;
}

/** One event of the day: the strongest term's spike, the terms folded into it, its posts and example posts. */
export interface ReportSpike {
  /** The strongest term's key: the story's id on its day. */
  key: string;
  /** The strongest term. */
  term: string;
  /** The story's name: its strongest distinct terms, strongest first. */
  title?: string;
  /** Distinct posts of the day that use any of the story's terms. */
  posts?: number;
  /** The numbers that fired the strongest term. */
  evidence: SpikeEvidence;
  examples: ReportExample[];
  /** The other terms folded into the story (they fired on mostly the same posts), strongest first. */
  related: { term: string; count: number; rule: SpikeEvidence['rule'] }[];
  /** How much of the spike is coordinated: the term's posts of the day in coordinated clusters, of all its posts. */
  coordinated?: ShareInterval;
}

/** A story before its posts are read: the strongest term, the terms folded into it, and the posts of all of them. */
export interface FoldedStory {
  lead: FiredTerm;
  members: FiredTerm[];
  /** The posts (or groups of alike posts, see `foldSpikes`) of all its terms. */
  postIds: Set<number>;
  /** Distinct posts of all its terms (the weights of `postIds`). */
  posts: number;
}

/** Strongest first: z-score spikes by z, then new terms by count, then by key (so the order is stable). */
export function byStrength(a: FiredTerm, b: FiredTerm): number {
  return (
    (a.evidence.rule === b.evidence.rule ? 0 : a.evidence.rule === 'z-score' ? -1 : 1) ||
    (b.evidence.z ?? 0) - (a.evidence.z ?? 0) ||
    b.evidence.count - a.evidence.count ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

/**
 * Folds the terms that fired into stories, strongest first: a term whose posts are mostly (`overlap`) posts of a story
 * already told joins that story, whose posts then grow by its own; otherwise it starts a story. `postIds` may name
 * groups of posts instead of posts (each group's posts all use the same terms), `weight` saying how many posts a group is.
 */
export function foldSpikes(
  fired: readonly FiredTerm[],
  postIds: ReadonlyMap<string, readonly number[]>,
  overlap = SAME_BURST_OVERLAP,
  weight: (id: number) => number = () => 1,
): FoldedStory[] {
  const stories: FoldedStory[] = [];
  const sum = (ids: readonly number[]) => ids.reduce((total, id) => total + weight(id), 0);
  for (const f of [...fired].sort(byStrength)) {
    const ids = postIds.get(f.key) ?? [];
    const size = sum(ids);
    const home = stories.find((s) => sum(ids.filter((id) => s.postIds.has(id))) >= overlap * Math.max(1, size));
    if (home) {
      home.members.push(f);
      for (const id of ids)
        if (!home.postIds.has(id)) {
          home.postIds.add(id);
          home.posts += weight(id);
        }
    } else {
      const own = new Set(ids);
      stories.push({ lead: f, members: [], postIds: own, posts: sum([...own]) });
    }
  }
  return stories;
}

/** A story's name: its strongest terms, leaving out a term whose words a named term already has ("iuran" after "iuran naik"). */
export function storyTitle(story: Pick<FoldedStory, 'lead' | 'members'>): string {
  const named: string[] = [];
  for (const { term } of [story.lead, ...story.members]) {
    if (named.length >= TITLE_TERMS) break;
    const words = term.replace(/^#/, '').split(/\s+/);
    const covered = named.some((n) => {
      const has = new Set(n.replace(/^#/, '').split(/\s+/));
      return words.every((w) => has.has(w));
    });
    if (!covered) named.push(term);
  }
  return named.join(' · ');
}

/**
 * Text compared for repeats: lower case, with links, hashtags, mentions, emoji and punctuation dropped, so a message
 * copied with another hashtag or emoji is the same text.
 */
const sameTextKey = (text: string) =>
  text
    .toLowerCase()
    .replace(/https?:\/\/\S+|[#@]\S+/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** A candidate example: a post of the story, with how many of the story's terms it uses. */
export type ExampleCandidate = Pick<StoryPost, 'id' | 'text' | 'url' | 'engagement' | 'publishedAt'> & { terms: number };

/**
 * The example posts of a story: one post per distinct text (verbatim repeats are quoted once, with their count),
 * preferring posts that use more of the story's terms, then more engagement, then those with a link, then the earliest.
 * Posts whose text retention removed come last.
 */
export function pickExamples<T extends ExampleCandidate>(candidates: readonly T[], n = STORY_EXAMPLES): (T & { sameText: number })[] {
  const repeats = new Map<string, number>();
  for (const c of candidates) if (c.text !== null) repeats.set(sameTextKey(c.text), (repeats.get(sameTextKey(c.text)) ?? 0) + 1);
  const ordered = [...candidates].sort(
    (a, b) =>
      Number(a.text === null) - Number(b.text === null) ||
      b.terms - a.terms ||
      b.engagement - a.engagement ||
      Number(b.url !== null) - Number(a.url !== null) ||
      (a.publishedAt < b.publishedAt ? -1 : a.publishedAt > b.publishedAt ? 1 : a.id - b.id),
  );
  const seen = new Set<string>();
  const out: (T & { sameText: number })[] = [];
  for (const c of ordered) {
    if (out.length >= n) break;
    const key = c.text === null ? `#${c.id}` : sameTextKey(c.text);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...c, sameText: c.text === null ? 1 : (repeats.get(key) ?? 1) });
  }
  return out;
}

/** A story post as an example: the author's pseudonym cut to its prefix, the repeats of its text counted. */
export function reportExampleOf(post: StoryPost, sameText: number): ReportExample {
  return {
    id: post.id,
    platform: post.platform,
    author: post.authorPseudonym?.slice(0, 16) ?? null,
    publishedAt: post.publishedAt,
    text: post.text,
    label: post.label,
    url: post.url,
    engagement: post.engagement,
    sameText,
    ...(post.removed ? { removed: post.removed } : {}),
  };
}

export interface StoryOptions {
  /** The Asia/Jakarta day. */
  date: string;
  modelVersion: string;
  rule?: SpikeRule | undefined;
  topicId?: number | undefined;
  /** Only posts of this platform. */
  platform?: string | undefined;
  /** Without the posts in coordinated clusters. */
  excludeCoordinated?: boolean | undefined;
  /** With `excludeCoordinated`, leave out only the posts this coordination rule flagged. */
  excludeRule?: CoordinationRuleName | undefined;
  /** Stories told (MAX_SPIKES). */
  limit?: number | undefined;
  /** Keyword histories reaching back over the rule's window, when the caller has read them already. */
  candidates?: KeywordHistory[] | undefined;
}

/** The day's stories, how many more there are, and whether the data reaches back far enough to judge spikes. */
export interface DayStories {
  stories: ReportSpike[];
  more: number;
  baselineAvailable: boolean;
}

/**
 * The day's spikes as stories: the spike rule applied to every keyword of the day, the terms folded by the posts they
 * share (`foldSpikes`), each story with its numbers, its coordinated part and its example posts (`pickExamples`).
 */
export async function dayStories(db: Database, options: StoryOptions): Promise<DayStories> {
  const rule = options.rule ?? DEFAULT_SPIKE_RULE;
  const { date, modelVersion } = options;
  const scope = {
    topicId: options.topicId,
    platform: options.platform,
    excludeCoordinated: options.excludeCoordinated === true,
    ...(options.excludeCoordinated && options.excludeRule ? { excludeRule: options.excludeRule } : {}),
  };
  const baselineFrom = addDays(date, -rule.windowDays);
  const [earliest, candidates] = await Promise.all([
    earliestDay(db, options.platform),
    options.candidates ??
      keywordHistories(db, { from: baselineFrom, to: date, day: date, modelVersion, minCountOnDay: 1, limit: 200, ...scope }),
  ]);
  // A baseline needs the data to reach back over the whole trailing window (quiet days inside it count as zeros).
  const baselineAvailable = earliest !== null && earliest <= baselineFrom;
  const fired: FiredTerm[] = [];
  for (const h of candidates) {
    const countOn = (day: string) => h.days.find((d) => d.day === day)?.posts ?? 0;
    const baseline = Array.from({ length: rule.windowDays }, (_, i) => countOn(addDays(baselineFrom, i)));
    const evidence = detectSpike(countOn(date), baseline, baselineAvailable, rule);
    if (evidence) fired.push({ key: h.key, term: h.term, evidence });
  }
  // The day's posts that use a fired term, grouped by which fired terms they use: a group is folded as its posts are.
  const groups = await keywordPostGroups(db, { day: date, keys: fired.map((f) => f.key), idsPerGroup: STORY_READ, ...scope });
  const groupsOf = new Map<string, number[]>();
  groups.forEach((g, i) => {
    for (const key of g.keys) {
      const of = groupsOf.get(key);
      if (of) of.push(i);
      else groupsOf.set(key, [i]);
    }
  });
  const folded = foldSpikes(fired, groupsOf, SAME_BURST_OVERLAP, (i) => groups[i]?.posts ?? 0);
  const told = folded.slice(0, options.limit ?? MAX_SPIKES);
  const coordinatedOfKey = await coordinatedKeywordCounts(db, {
    from: date,
    to: date,
    modelVersion,
    keys: told.map((s) => s.lead.key),
    ...scope,
  });
  const stories: ReportSpike[] = [];
  for (const s of told) {
    // How many of the story's terms each post uses: the same for every post of a group.
    const storyKeys = new Set([s.lead, ...s.members].map((f) => f.key));
    const terms = new Map<number, number>();
    for (const i of s.postIds) {
      const g = groups[i];
      const used = g ? g.keys.filter((key) => storyKeys.has(key)).length : 0;
      for (const id of g?.ids ?? []) terms.set(id, used);
    }
    // The posts using most of the story's terms are read (a burst of thousands is not read whole); a group's smallest
    // ids are enough, since a post comes after every smaller id of its group.
    const ids = [...terms].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([id]) => id);
    const posts = await storyPosts(db, { ids: ids.slice(0, STORY_READ), modelVersion });
    const examples = pickExamples(posts.map((p) => ({ ...p, terms: terms.get(p.id) ?? 0 })));
    const count = s.lead.evidence.count;
    stories.push({
      key: s.lead.key,
      term: s.lead.term,
      title: storyTitle(s),
      posts: s.posts,
      evidence: s.lead.evidence,
      related: s.members.map((m) => ({ term: m.term, count: m.evidence.count, rule: m.evidence.rule })),
      // Without either rule's posts the spike's own count has none; without one rule's, those the other flagged alone.
      coordinated:
        scope.excludeCoordinated && !scope.excludeRule
          ? wilsonInterval(0, count)
          : wilsonInterval(Math.min(coordinatedOfKey.get(s.lead.key) ?? 0, count), count),
      examples: examples.map((e) => reportExampleOf(e, e.sameText)),
    });
  }
  return { stories, more: Math.max(0, folded.length - told.length), baselineAvailable };
}
