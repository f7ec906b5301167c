import { addDays, CAVEATS, COORDINATION_CAVEATS, describeCoordinationMethod, TIME_ZONE } from '@pantau/contracts';
import {
  type CoordinationRule,
  type CoordinationRuleName,
  coordinatedShare,
  coverageSummary,
  type Database,
  daysWithPosts,
  exclusionCounts,
  getTopic,
  type KeywordDay,
  keywordHistories,
  listTopics,
  sentimentSeries,
  volumeSeries,
} from '@pantau/db';
import {
  type CoordinationDisclosure,
  type CoverageDisclosure,
  DEFAULT_SPIKE_RULE,
  type DistinctAuthorsDisclosure,
  describeSpikeRule,
  excludedRulesOf,
  type MethodDisclosure,
  type ModelDisclosure,
  type ShareInterval,
  type SpikeRule,
  wilsonInterval,
} from '@pantau/disclosure';
import { emotionsOfDay, type ReportEmotions } from './emotions.ts';
import { dayStories, type ReportSpike } from './stories.ts';
import { gapsOf, type HeadlineFacts, netOf, validatedNet } from './summary.ts';
import { validateWindow, type WindowValidation } from './validation.ts';

/** Days shown in the report's series (the day and the 13 before it). */
export const SERIES_DAYS = 14;
/** Keywords listed in the report. */
export const TOP_KEYWORDS = 15;

export interface SentimentShares {
  posts: number;
  abstained: number;
  answered: number;
  counts: { negative: number; neutral: number; positive: number };
  shares: { negative: ShareInterval; neutral: ShareInterval; positive: ShareInterval };
  /** (positive − negative) / answered, null without answered posts. */
  net: number | null;
}

export interface ReportKeyword {
  key: string;
  term: string;
  kind: string;
  posts: number;
  previousDay: number;
  previousWeek: number;
  sentiment: SentimentShares;
  /** Posts per day, oldest first, SERIES_DAYS long, ending on the report day. */
  series: number[];
}

/** Everything in a daily keyword monitoring report; the Markdown and HTML are renderings of this. */
export interface DailyReport {
  date: string;
  timeZone: typeof TIME_ZONE;
  topic: { id: number; name: string; query: string } | null;
  generatedAt: string;
  summary: { id: string; en: string };
  days: string[];
  volume: {
    posts: number;
    previousDay: number;
    sameDayLastWeek: number;
    engagement: { likes: number; replies: number; shares: number; views: number };
    uniqueAuthors: number;
    series: number[];
  };
  /** How `volume.uniqueAuthors` was counted (estimated from sketches, or exactly), with its error; absent in older reports. */
  distinctAuthors?: DistinctAuthorsDisclosure;
  sentiment: SentimentShares & { series: { day: string; negative: number; neutral: number; positive: number; uncertain: number }[] };
  keywords: ReportKeyword[];
  /** In the report over all posts: each monitored topic's posts and sentiment on the day. */
  topics: { id: number; name: string; query: string; sentiment: SentimentShares }[];
  spikes: ReportSpike[];
  /** Separate bursts beyond the MAX_SPIKES listed. */
  moreSpikes: number;
  baseline: { available: boolean; daysWithData: number; note: string | null };
  coverage: CoverageDisclosure;
  exclusions: { reason: string; code: string; count: number }[];
  /** Posts of the day in coordinated clusters, the rule, and whether the report was computed without them. */
  coordination?: Omit<CoordinationDisclosure, 'rule'>;
  /** The day's validated sentiment shares (a labelling task's gold labels with the model's probabilities), or why none. */
  validation?: WindowValidation;
  model: ModelDisclosure;
  /** The day's emotions from the model's emotion head (absent when the model has none, and in older reports). */
  emotions?: ReportEmotions;
  /** The disclosure's method words, with the report's own spike rule, and the interval method. */
  method: Pick<MethodDisclosure, 'label' | 'abstainRule' | 'keywordRule' | 'spikeRule'> & { interval: string; rule?: SpikeRule };
  limits: string[];
}

export interface BuildReportOptions {
  date: string;
  topicId?: number | undefined;
  model: ModelDisclosure;
  /** The emotion head's disclosure (`model.emotion?.disclosure()`): the report then carries the day's emotions. */
  emotionModel?: ModelDisclosure | undefined;
  /** The disclosure's method words (`methodOf`); the spike rule stated is the report's `rule`. */
  method: Pick<MethodDisclosure, 'label' | 'abstainRule' | 'keywordRule'>;
  rule?: SpikeRule;
  /** The co-posting rule in force, stated in the report (null: the signal is off). */
  coordinationRule?: CoordinationRule | null;
  /** Compute every figure without the posts in coordinated clusters. */
  excludeCoordinated?: boolean;
  /** With `excludeCoordinated`, leave out only the posts this coordination rule flagged. */
  excludeRule?: CoordinationRuleName | undefined;
  /** Least gold labels inside the day for validated shares (VALIDATION_MIN_LABELS). */
  validationMinLabels?: number;
  now?: () => Date;
}

/** Counts, Wilson shares over answered posts and net sentiment of a set of labelled posts. */
export function sentimentShares(c: { negative: number; neutral: number; positive: number; uncertain: number }): SentimentShares {
  const answered = c.negative + c.neutral + c.positive;
  return {
    posts: answered + c.uncertain,
    abstained: c.uncertain,
    answered,
    counts: { negative: c.negative, neutral: c.neutral, positive: c.positive },
    shares: {
      negative: wilsonInterval(c.negative, answered),
      neutral: wilsonInterval(c.neutral, answered),
      positive: wilsonInterval(c.positive, answered),
    },
    net: answered > 0 ? (c.positive - c.negative) / answered : null,
  };
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${Math.round(100 * x)}%`);
const change = (now: number, before: number) =>
  before > 0 ? `${now >= before ? '+' : ''}${Math.round((100 * (now - before)) / before)}%` : 'n/a';

/**
 * Builds the daily keyword monitoring report for one Asia/Jakarta day (all posts, or one topic's): volume, sentiment
 * with intervals, top keywords with change versus the day and the week before, spikes with the numbers that fired
 * them and example posts, coverage and exclusions, model and method. Same data, same report (but `generatedAt`).
 */
export async function buildDailyReport(db: Database, options: BuildReportOptions): Promise<DailyReport> {
  const rule = options.rule ?? DEFAULT_SPIKE_RULE;
  const date = options.date;
  const modelVersion = options.model.version;
  const topic = options.topicId === undefined ? null : await getTopic(db, options.topicId);
  const scope = {
    topicId: topic?.id,
    excludeCoordinated: options.excludeCoordinated === true,
    ...(options.excludeCoordinated && options.excludeRule ? { excludeRule: options.excludeRule } : {}),
  };
  const seriesFrom = addDays(date, -(SERIES_DAYS - 1));
  const baselineFrom = addDays(date, -rule.windowDays);
  const historyFrom = [seriesFrom, addDays(baselineFrom, 0)].sort()[0] as string;
  const days = Array.from({ length: SERIES_DAYS }, (_, i) => addDays(seriesFrom, i));

  const [sentimentRows, volumeRows, dataDays, coverage, exclusions, coordinatedDay, validation] = await Promise.all([
    sentimentSeries(db, { from: historyFrom, to: date, granularity: 'day', modelVersion, ...scope }),
    volumeSeries(db, { from: historyFrom, to: date, granularity: 'day', ...scope }),
    daysWithPosts(db, { from: baselineFrom, to: addDays(date, -1), modelVersion }),
    coverageSummary(db, { from: date, to: date }),
    exclusionCounts(db, { from: date, to: date }),
    coordinatedShare(db, { from: date, to: date, modelVersion, topicId: topic?.id }),
    validateWindow(db, {
      window: { from: date, to: date, ...scope },
      modelVersion,
      ...(options.validationMinLabels !== undefined ? { minLabels: options.validationMinLabels } : {}),
    }),
  ]);
  const sentimentOf = new Map(sentimentRows.map((r) => [r.period, r]));
  const volumeOf = new Map(volumeRows.series.map((r) => [r.period, r]));
  const today = sentimentOf.get(date);
  const todayVolume = volumeOf.get(date);
  const postsOn = (day: string) => sentimentOf.get(day)?.posts ?? 0;

  const candidates = await keywordHistories(db, {
    from: historyFrom,
    to: date,
    day: date,
    modelVersion,
    minCountOnDay: 1,
    limit: 200,
    ...scope,
  });
  const countOn = (history: KeywordDay[], day: string) => history.find((d) => d.day === day);
  const told = await dayStories(db, { date, modelVersion, rule, ...scope, candidates });
  const { stories: spikes, more: moreSpikes, baselineAvailable } = told;

  const keywords: ReportKeyword[] = candidates
    .map((h) => {
      const d = countOn(h.days, date);
      return {
        key: h.key,
        term: h.term,
        kind: h.kind,
        posts: d?.posts ?? 0,
        previousDay: countOn(h.days, addDays(date, -1))?.posts ?? 0,
        previousWeek: countOn(h.days, addDays(date, -7))?.posts ?? 0,
        sentiment: sentimentShares(d ?? { negative: 0, neutral: 0, positive: 0, uncertain: 0 }),
        series: days.map((day) => countOn(h.days, day)?.posts ?? 0),
      };
    })
    .sort((a, b) => b.posts - a.posts || (a.key < b.key ? -1 : 1))
    .slice(0, TOP_KEYWORDS);

  const sentiment = sentimentShares(today ?? { negative: 0, neutral: 0, positive: 0, uncertain: 0 });
  const topics: DailyReport['topics'] = [];
  if (!topic) {
    for (const t of await listTopics(db)) {
      const [day] = await sentimentSeries(db, { from: date, to: date, granularity: 'day', modelVersion, topicId: t.id });
      topics.push({
        id: t.id,
        name: t.name,
        query: t.query,
        sentiment: sentimentShares(day ?? { negative: 0, neutral: 0, positive: 0, uncertain: 0 }),
      });
    }
  }
  const emotions = options.emotionModel ? await emotionsOfDay(db, { date, model: options.emotionModel, ...scope }) : null;
  const report: DailyReport = {
    date,
    timeZone: TIME_ZONE,
    topic: topic ? { id: topic.id, name: topic.name, query: topic.query } : null,
    generatedAt: (options.now?.() ?? new Date()).toISOString(),
    summary: { id: '', en: '' },
    days,
    volume: {
      posts: postsOn(date),
      previousDay: postsOn(addDays(date, -1)),
      sameDayLastWeek: postsOn(addDays(date, -7)),
      engagement: { likes: today?.likes ?? 0, replies: today?.replies ?? 0, shares: today?.shares ?? 0, views: today?.views ?? 0 },
      uniqueAuthors: todayVolume?.uniqueAuthors ?? 0,
      series: days.map(postsOn),
    },
    sentiment: {
      ...sentiment,
      series: days.map((day) => {
        const r = sentimentOf.get(day);
        return { day, negative: r?.negative ?? 0, neutral: r?.neutral ?? 0, positive: r?.positive ?? 0, uncertain: r?.uncertain ?? 0 };
      }),
    },
    keywords,
    topics,
    spikes,
    moreSpikes,
    baseline: {
      available: baselineAvailable,
      daysWithData: dataDays.length,
      note: baselineAvailable
        ? null
        : `No spike is reported: the data does not reach ${rule.windowDays} days back from ${date} yet (${dataDays.length} of the ${rule.windowDays} days before it have posts).`,
    },
    distinctAuthors: volumeRows.distinctAuthors,
    coverage,
    exclusions,
    coordination: {
      method: describeCoordinationMethod(options.coordinationRule ?? null),
      share: wilsonInterval(coordinatedDay.coordinatedPosts, coordinatedDay.posts),
      excluded: options.excludeCoordinated === true,
      excludedRules: excludedRulesOf(scope),
      caveats: [...COORDINATION_CAVEATS],
    },
    validation,
    model: options.model,
    ...(emotions ? { emotions } : {}),
    method: {
      ...options.method,
      spikeRule: describeSpikeRule(rule),
      rule,
      interval: 'Wilson score interval, 95%, for every share; shares are of answered (not abstained) posts.',
    },
    limits: [...CAVEATS],
  };
  report.summary = summarize(report);
  return report;
}

/** What the report's three headlines are made of: the same facts, by the same rules, as the day's summary. */
export function headlineFactsOf(r: DailyReport): HeadlineFacts {
  const seriesOn = (day: string) => r.sentiment.series.find((d) => d.day === day);
  const previous = r.days[r.days.length - 2] ?? r.date;
  const weekAgo = r.days[r.days.length - 8] ?? r.date;
  const model = r.sentiment.net;
  const validated = validatedNet(r.validation);
  return {
    date: r.date,
    topic: r.topic,
    posts: r.volume.posts,
    previousDay: { day: previous, posts: r.volume.previousDay },
    sameWeekday: { day: weekAgo, posts: r.volume.sameDayLastWeek },
    net: {
      value: validated ?? model,
      source: validated === null ? 'model' : 'validated',
      model,
      validated,
      previousDay: netOf(seriesOn(previous)),
      sameWeekday: netOf(seriesOn(weekAgo)),
    },
    answered: r.sentiment.answered,
    stories: r.spikes,
    moreStories: r.moreSpikes,
    baselineAvailable: r.baseline.available,
    gaps: gapsOf(r.coverage, r.date),
  };
}

/** The plain-language summary, in Indonesian and English, built only from the report's own numbers. */
export function summarize(r: DailyReport): { id: string; en: string } {
  const scopeId = r.topic ? ` untuk topik «${r.topic.name}»` : '';
  const scopeEn = r.topic ? ` for the topic "${r.topic.name}"` : '';
  const gaps = r.coverage.flatMap((c) => c.gaps.map((g) => ({ connector: c.connector, status: g.status })));
  const gapWordId = { partial: 'terpotong batas platform', failed: 'gagal', empty: 'kosong', not_run: 'tidak berjalan' } as const;
  const gapWordEn = { partial: 'cut short by a platform limit', failed: 'failed', empty: 'found nothing', not_run: 'did not run' } as const;
  const gapsId = gaps.length
    ? ` Celah cakupan: ${gaps.map((g) => `${g.connector} (${gapWordId[g.status]})`).join(', ')}; unggahan dari pengumpul itu tidak ada dalam angka ini.`
    : '';
  const gapsEn = gaps.length
    ? ` Coverage gaps: ${gaps.map((g) => `${g.connector} (${gapWordEn[g.status]})`).join(', ')}; posts those collectors should have brought are missing from these figures.`
    : '';
  if (r.volume.posts === 0) {
    const ran = r.coverage.some((c) => c.runs > 0);
    return {
      id: `Pada ${r.date}${scopeId} tidak ada unggahan yang dihitung. ${ran ? 'Pengumpul data berjalan pada hari itu.' : 'Tidak ada pengumpul data yang tercatat berjalan untuk hari itu: tidak ada unggahan di sini bukan berarti tidak ada yang membicarakannya.'}${gapsId}`,
      en: `On ${r.date}${scopeEn} no posts were counted. ${ran ? 'Collectors ran that day.' : 'No collector is recorded as running for that day: no posts here does not mean nobody talked about it.'}${gapsEn}`,
    };
  }
  const s = r.sentiment;
  const few = s.answered < 30;
  const spikeList = r.spikes.slice(0, 3);
  const spikesId = spikeList.length
    ? ` Lonjakan: ${spikeList.map((x) => `«${x.term}» (${x.evidence.count} unggahan; rata-rata 7 hari sebelumnya ${x.evidence.baselineMean.toLocaleString('id-ID')})`).join(', ')}.`
    : r.baseline.available
      ? ' Tidak ada lonjakan menurut aturan yang dipakai.'
      : ' Belum ada dasar pembanding 7 hari, jadi lonjakan belum dinilai.';
  const spikesEn = spikeList.length
    ? ` Spikes: ${spikeList.map((x) => `"${x.term}" (${x.evidence.count} posts; 7-day mean before ${x.evidence.baselineMean})`).join(', ')}.`
    : r.baseline.available
      ? ' No term spiked under the published rule.'
      : ' There is no 7-day baseline yet, so spikes were not assessed.';
  const fewId = few ? ' Jumlahnya kecil: bagian sentimen sangat tidak pasti.' : '';
  const fewEn = few ? ' Counts are small: the sentiment shares are very uncertain.' : '';
  return {
    id: `Pada ${r.date}${scopeId} dihitung ${r.volume.posts} unggahan (${change(r.volume.posts, r.volume.previousDay)} dari hari sebelumnya, ${change(r.volume.posts, r.volume.sameDayLastWeek)} dari minggu lalu). Sentimen: ${pct(s.shares.negative.share)} negatif, ${pct(s.shares.neutral.share)} netral, ${pct(s.shares.positive.share)} positif dari ${s.answered} unggahan yang dinilai; ${s.abstained} tidak pasti.${spikesId}${fewId}${gapsId}`,
    en: `On ${r.date}${scopeEn} ${r.volume.posts} posts were counted (${change(r.volume.posts, r.volume.previousDay)} on the day before, ${change(r.volume.posts, r.volume.sameDayLastWeek)} on the week before). Sentiment: ${pct(s.shares.negative.share)} negative, ${pct(s.shares.neutral.share)} neutral, ${pct(s.shares.positive.share)} positive of ${s.answered} labelled posts; ${s.abstained} uncertain.${spikesEn}${fewEn}${gapsEn}`,
  };
}
