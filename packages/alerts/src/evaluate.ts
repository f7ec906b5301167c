import { addDays, jakartaDay } from '@pantau/contracts';
import {
  type AlertRule,
  type Database,
  earliestDay,
  failedCoverageRuns,
  getTopic,
  keywordHistories,
  type Mention,
  mentions,
  sentimentSeries,
} from '@pantau/db';
import { wilsonInterval } from '@pantau/disclosure';
import { DEFAULT_SPIKE_RULE, detectSpike, type SpikeRule, validateWindow } from '@pantau/report';

/** Each kind's thresholds and their defaults; a rule's `params` override them. */
export const RULE_PARAMS = {
  // The published spike rule (SPIKE_* of the deployment unless the rule sets its own), on today's posts so far.
  spike: { k: DEFAULT_SPIKE_RULE.k, minCount: DEFAULT_SPIKE_RULE.minCount, newTermMinCount: DEFAULT_SPIKE_RULE.newTermMinCount },
  // Today's negative share at least `minPoints` percentage points above the 7 days before, with the lower end of its
  // 95% interval above that baseline, once at least `minPosts` posts have a label: the validated share and interval
  // where a labelling task validates the day, else the model's counts with a Wilson interval.
  negative_rise: { minPoints: 10, minPosts: 30 },
  // Today's posts so far at least `ratio` times the daily mean of the 7 days before, and at least `minPosts`.
  volume_jump: { ratio: 2, minPosts: 30 },
  // A connector run that ended with an error within the last `hours`.
  coverage_failure: { hours: 24 },
} as const satisfies Record<AlertRule['kind'], Record<string, number>>;

const BASELINE_DAYS = 7;
const EXAMPLES = 3;

/** An example post carried by an alert. */
export interface AlertExample {
  platform: string;
  publishedAt: string;
  text: string | null;
  url: string | null;
  label: string;
}

/** What an alert says: the rule's numbers, examples with links, and a link back to the dashboard view. */
export interface AlertPayload extends Record<string, unknown> {
  kind: AlertRule['kind'];
  rule: { id: number; name: string };
  topic: { id: number; name: string } | null;
  day: string;
  /** The numbers the rule compared (counts, shares, baseline, z …). */
  numbers: Record<string, number | string | null>;
  /** In the rule's language and the other: one line each. */
  headline: { id: string; en: string };
  examples: AlertExample[];
  /** The dashboard view of the event (topic and window in the address). */
  link: string;
  /** The rule in words, so the alert can be checked. */
  method: string;
}

/** One event a rule found. */
export interface DetectedEvent {
  eventKey: string;
  day: string;
  payload: AlertPayload;
}

export interface EvaluateContext {
  now: number;
  modelVersion: string;
  /** The deployment's spike rule (SPIKE_*); a rule's own params override it. */
  spikeRule?: SpikeRule;
  /** Where the dashboard is served, for links back (PANTAU_PUBLIC_URL). */
  publicUrl: string;
  /** Least gold labels in a window for its validated shares (VALIDATION_MIN_LABELS); the report's default when absent. */
  validationMinLabels?: number;
}

const example = (m: Mention): AlertExample => ({
  platform: m.platform,
  publishedAt: m.publishedAt,
  text: m.text,
  url: m.url,
  label: m.label,
});

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

type DayCounts = { negative: number; neutral: number; positive: number };

/** The negative share of today and of the days before, each validated when a labelling task validates it. */
interface NegativeShares {
  source: 'validated' | 'model';
  today: { estimate: number; low: number; high: number };
  /** Null when the days before have no post with a label. */
  baseline: number | null;
  baselineSource: 'validated' | 'model';
  baselineAnswered: number;
  task: number | null;
  labels: number | null;
  baselineTask: number | null;
  baselineLabels: number | null;
  method: string;
  /** Why today is not validated (the disclosure's reason), when it is not. */
  reason: string;
}

/**
 * Today's negative share and the baseline of the days before: the validated (PPI++) share and interval where a
 * labelling task validates the window (as `/v1/sentiment` and the report choose), else the model's counts with a
 * Wilson interval. Null when today has no post with a label.
 */
async function negativeShares(
  db: Database,
  q: { day: string; today: DayCounts; before: DayCounts[]; topicId: number | undefined; ctx: EvaluateContext },
): Promise<NegativeShares | null> {
  const validation = (from: string, to: string) =>
    validateWindow(db, {
      window: { from, to, ...(q.topicId !== undefined ? { topicId: q.topicId } : {}) },
      modelVersion: q.ctx.modelVersion,
      ...(q.ctx.validationMinLabels !== undefined ? { minLabels: q.ctx.validationMinLabels } : {}),
    });
  const answered = (s: DayCounts) => s.negative + s.neutral + s.positive;
  const [todayValidation, baseValidation] = await Promise.all([
    validation(q.day, q.day),
    validation(addDays(q.day, -BASELINE_DAYS), addDays(q.day, -1)),
  ]);
  const baseNegative = q.before.reduce((s, x) => s + x.negative, 0);
  const baseAnswered = q.before.reduce((s, x) => s + answered(x), 0);
  const baseValidated = baseValidation.validated;
  const baseline = baseValidated ? baseValidated.shares.negative.estimate : baseAnswered > 0 ? baseNegative / baseAnswered : null;
  const baselineOf = {
    baseline,
    baselineSource: baseValidated ? ('validated' as const) : ('model' as const),
    baselineAnswered: baseAnswered,
    baselineTask: baseValidated?.task ?? null,
    baselineLabels: baseValidated?.labels ?? null,
  };
  const validated = todayValidation.validated;
  if (validated) {
    return {
      source: 'validated',
      today: validated.shares.negative,
      ...baselineOf,
      task: validated.task,
      labels: validated.labels,
      method: validated.method,
      reason: '',
    };
  }
  const wilson = wilsonInterval(q.today.negative, answered(q.today));
  if (wilson.share === null || wilson.low === null || wilson.high === null) return null;
  return {
    source: 'model',
    today: { estimate: wilson.share, low: wilson.low, high: wilson.high },
    ...baselineOf,
    task: null,
    labels: null,
    method: 'Wilson score interval',
    reason: todayValidation.disclosure.reason ?? 'no labelling task validates the day',
  };
}

/** The dashboard address of a topic's window. */
export function dashboardLink(publicUrl: string, topicId: number | null, from: string, to: string): string {
  const params = new URLSearchParams({ ...(topicId !== null ? { topic: String(topicId) } : {}), from, to });
  return `${publicUrl.replace(/\/$/, '')}/?${params}`;
}

/** Evaluates one rule on today (Asia/Jakarta) so far; the events it finds, each with its key in the rule's ledger. */
export async function evaluateRule(db: Database, rule: AlertRule, ctx: EvaluateContext): Promise<DetectedEvent[]> {
  const day = jakartaDay(ctx.now);
  const topic = rule.topicId === null ? null : await getTopic(db, rule.topicId);
  if (rule.topicId !== null && !topic) return [];
  const scope = topic ? { topicId: topic.id } : {};
  const base = {
    rule: { id: rule.id, name: rule.name },
    topic: topic ? { id: topic.id, name: topic.name } : null,
    day,
    link: dashboardLink(ctx.publicUrl, topic?.id ?? null, addDays(day, -13), day),
  };
  const where = topic ? { id: ` (topik ${topic.name})`, en: ` (topic ${topic.name})` } : { id: '', en: '' };
  const examplesOf = async (extra: { key?: string; label?: string }) =>
    (await mentions(db, { from: day, to: day, modelVersion: ctx.modelVersion, limit: EXAMPLES, ...scope, ...extra })).map(example);

  if (rule.kind === 'spike') {
    const deployed = ctx.spikeRule ?? DEFAULT_SPIKE_RULE;
    const p = { k: deployed.k, minCount: deployed.minCount, newTermMinCount: deployed.newTermMinCount, ...rule.params };
    const spikeRule: SpikeRule = { windowDays: BASELINE_DAYS, k: p.k, minCount: p.minCount, newTermMinCount: p.newTermMinCount };
    const baselineFrom = addDays(day, -BASELINE_DAYS);
    const earliest = await earliestDay(db);
    const histories = await keywordHistories(db, {
      from: baselineFrom,
      to: day,
      day,
      modelVersion: ctx.modelVersion,
      minCountOnDay: Math.min(spikeRule.minCount, spikeRule.newTermMinCount),
      limit: 200,
      ...scope,
    });
    const events: DetectedEvent[] = [];
    for (const h of histories) {
      const countOn = (d: string) => h.days.find((x) => x.day === d)?.posts ?? 0;
      const baseline = Array.from({ length: BASELINE_DAYS }, (_, i) => countOn(addDays(baselineFrom, i)));
      const evidence = detectSpike(countOn(day), baseline, earliest !== null && earliest <= baselineFrom, spikeRule);
      if (!evidence) continue;
      const why =
        evidence.rule === 'z-score'
          ? {
              id: `z = ${evidence.z} di atas rata-rata 7 hari ${evidence.baselineMean}`,
              en: `z = ${evidence.z} above the 7-day mean ${evidence.baselineMean}`,
            }
          : { id: 'istilah baru (tidak ada dalam 7 hari sebelumnya)', en: 'new term (absent in the 7 days before)' };
      events.push({
        eventKey: `spike:${day}:${h.key}`,
        day,
        payload: {
          kind: 'spike',
          ...base,
          numbers: { term: h.term, count: evidence.count, baselineMean: evidence.baselineMean, spread: evidence.spread, z: evidence.z },
          headline: {
            id: `Lonjakan "${h.term}"${where.id}: ${evidence.count} unggahan hari ini sejauh ini; ${why.id}`,
            en: `Spike in "${h.term}"${where.en}: ${evidence.count} posts today so far; ${why.en}`,
          },
          examples: await examplesOf({ key: h.key }),
          method: `Spike rule on today's posts so far: ≥ ${spikeRule.minCount} posts and z > ${spikeRule.k} over the ${BASELINE_DAYS} days before (spread max(sd, √mean, 1)), or a new term with ≥ ${spikeRule.newTermMinCount} posts.`,
        },
      });
    }
    return events;
  }

  if (rule.kind === 'negative_rise' || rule.kind === 'volume_jump') {
    const series = await sentimentSeries(db, {
      from: addDays(day, -BASELINE_DAYS),
      to: day,
      granularity: 'day',
      modelVersion: ctx.modelVersion,
      ...scope,
    });
    const today = series.find((s) => s.period === day);
    const before = series.filter((s) => s.period !== day);
    if (!today) return [];
    if (rule.kind === 'volume_jump') {
      const p = { ...RULE_PARAMS.volume_jump, ...rule.params };
      const mean = before.reduce((s, x) => s + x.posts, 0) / BASELINE_DAYS;
      if (today.posts < p.minPosts || mean <= 0 || today.posts < p.ratio * mean) return [];
      const ratio = Math.round((today.posts / mean) * 10) / 10;
      return [
        {
          eventKey: `volume_jump:${day}`,
          day,
          payload: {
            kind: 'volume_jump',
            ...base,
            numbers: { posts: today.posts, baselineMean: Math.round(mean * 10) / 10, ratio },
            headline: {
              id: `Volume melonjak${where.id}: ${today.posts} unggahan hari ini sejauh ini, ${ratio}× rata-rata 7 hari (${Math.round(mean)})`,
              en: `Volume jump${where.en}: ${today.posts} posts today so far, ${ratio}× the 7-day mean (${Math.round(mean)})`,
            },
            examples: await examplesOf({}),
            method: `Posts today so far ≥ ${p.ratio} × the daily mean of the ${BASELINE_DAYS} days before, and ≥ ${p.minPosts}.`,
          },
        },
      ];
    }
    const p = { ...RULE_PARAMS.negative_rise, ...rule.params };
    const answered = (s: { negative: number; neutral: number; positive: number }) => s.negative + s.neutral + s.positive;
    if (answered(today) < p.minPosts) return [];
    const share = await negativeShares(db, { day, today, before, topicId: topic?.id, ctx });
    if (!share || share.baseline === null) return [];
    const { today: now, baseline } = share;
    if (now.estimate - baseline < p.minPoints / 100 || now.low <= baseline) return [];
    const validated = share.source === 'validated';
    const which = validated
      ? {
          id: `tervalidasi oleh label manusia (tugas ${share.task}, ${share.labels} label)`,
          en: `validated by human labels (task ${share.task}, ${share.labels} labels)`,
        }
      : { id: 'pangsa model, belum divalidasi label manusia', en: 'model shares, not validated by human labels' };
    const baseWhich =
      share.baselineSource === 'validated'
        ? `the ${BASELINE_DAYS} days before as validated by task ${share.baselineTask} (${share.baselineLabels} labels)`
        : `the model share of the ${BASELINE_DAYS} days before`;
    return [
      {
        eventKey: `negative_rise:${day}`,
        day,
        payload: {
          kind: 'negative_rise',
          ...base,
          numbers: {
            negative: today.negative,
            answered: answered(today),
            share: round4(now.estimate),
            low: round4(now.low),
            high: round4(now.high),
            baselineShare: round4(baseline),
            baselineAnswered: share.baselineAnswered,
            validated: validated ? 'yes' : 'no',
            source: share.source,
            task: share.task,
            labels: share.labels,
            baselineSource: share.baselineSource,
            baselineTask: share.baselineTask,
          },
          headline: {
            id: `Sentimen negatif naik${where.id}: ${pct(now.estimate)} hari ini (95% ${pct(now.low)}–${pct(now.high)}, ${answered(today)} unggahan; ${which.id}) dari ${pct(baseline)} dalam 7 hari sebelumnya`,
            en: `Negative share up${where.en}: ${pct(now.estimate)} today (95% ${pct(now.low)}–${pct(now.high)}, ${answered(today)} posts; ${which.en}) from ${pct(baseline)} over the 7 days before`,
          },
          examples: await examplesOf({ label: 'negative' }),
          method: validated
            ? `Validated shares (${share.method}; task ${share.task}, ${share.labels} gold labels of the day): today's validated negative share ≥ ${p.minPoints} points above ${baseWhich}, the lower end of its 95% interval above that baseline, with ≥ ${p.minPosts} posts with a label.`
            : `Model shares (not validated by human labels: ${share.reason}): today's negative share of posts with a label ≥ ${p.minPoints} points above ${baseWhich}, the lower end of its Wilson 95% interval above that baseline, with ≥ ${p.minPosts} posts.`,
        },
      },
    ];
  }

  // coverage_failure
  const p = { ...RULE_PARAMS.coverage_failure, ...rule.params };
  const since = Math.max(ctx.now - p.hours * 3_600_000, Date.parse(rule.createdAt));
  const failed = await failedCoverageRuns(db, { since: new Date(since) });
  return failed.map((run) => ({
    eventKey: `coverage:${run.runId}`,
    day: jakartaDay(run.finishedAt ?? run.startedAt),
    payload: {
      kind: 'coverage_failure',
      ...base,
      day: jakartaDay(run.finishedAt ?? run.startedAt),
      numbers: { connector: run.connector, query: run.query, fetched: run.fetched, published: run.published, error: run.lastError },
      headline: {
        id: `Pengumpulan gagal: ${run.connector} "${run.query}" (${run.published} unggahan terkirim sebelum gagal): ${run.lastError}`,
        en: `Collection failed: ${run.connector} "${run.query}" (${run.published} posts published before it failed): ${run.lastError}`,
      },
      examples: [],
      method: `A connector run that ended with an error in the last ${p.hours} hours (the coverage ledger).`,
    },
  }));
}
