// The day in three headlines (what changed, why, where to look) and the figures behind them: the first screen of the
// dashboard (`GET /v1/summary`) and of the daily report, built from the same function so that both say the same.

import { addDays } from '@pantau/contracts';
import { type CoordinationRuleName, type Database, getTopic, sentimentSeries } from '@pantau/db';
import type { CoverageDisclosure, SpikeRule } from '@pantau/disclosure';
import { type StoriesAsOf, storedDayStories, storyScopeOf } from './stored-stories.ts';
import { type DayStories, dayStories, MAX_SPIKES, type ReportSpike } from './stories.ts';
import { validateWindow, type WindowValidation } from './validation.ts';

/** The languages a report is written in (REPORT_LANGUAGE); Indonesian first. */
export const REPORT_LANGUAGES = ['id', 'en'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];
/** Whether a value names a report language. */
export const isReportLanguage = (value: unknown): value is ReportLanguage => value === 'id' || value === 'en';

/** A day a connector did not collect, as the summary lists it. */
export interface DayGap {
  connector: string;
  query: string;
  platform: string | null;
  day: string;
  status: 'partial' | 'failed' | 'empty' | 'not_run';
  detail: string;
}

/** Net sentiment of the day: validated (PPI++ shares of a labelling task) when the day is validated, else model-only. */
export interface DayNet {
  /** (positive − negative) share of the shares named by `source`; null without answered posts. */
  value: number | null;
  source: 'validated' | 'model';
  model: number | null;
  validated: number | null;
  /** Model-only net of the day before and of the same weekday a week before. */
  previousDay: number | null;
  sameWeekday: number | null;
}

/** What the headlines are made of: the day's figures against the day before and the same weekday, its stories and gaps. */
export interface HeadlineFacts {
  date: string;
  topic: { name: string } | null;
  /** The platform the figures are of; absent or null: all platforms. */
  platform?: string | null;
  posts: number;
  previousDay: { day: string; posts: number };
  sameWeekday: { day: string; posts: number };
  net: DayNet;
  answered: number;
  stories: ReportSpike[];
  moreStories: number;
  baselineAvailable: boolean;
  gaps: DayGap[];
}

/** The summary of one day: the headline facts, the headlines in both languages, and the validation for the disclosure. */
export interface DaySummary extends HeadlineFacts {
  topic: { id: number; name: string; query: string } | null;
  platform: string | null;
  previousDay: { day: string; posts: number; change: number | null };
  sameWeekday: { day: string; posts: number; change: number | null };
  abstained: number;
  headlines: Record<ReportLanguage, [string, string, string]>;
  validation: WindowValidation;
  /** When and from how many posts the stories were computed, and whether the day changed since. */
  storiesAsOf: StoriesAsOf;
}

/** now / before − 1; null when there is nothing before. */
export const relativeChange = (now: number, before: number): number | null => (before > 0 ? now / before - 1 : null);

/** (positive − negative) / answered of a day's counts; null without answered posts. */
export const netOf = (c: { negative: number; neutral: number; positive: number } | undefined): number | null => {
  const answered = c ? c.negative + c.neutral + c.positive : 0;
  return c && answered > 0 ? (c.positive - c.negative) / answered : null;
};

/** The validated net sentiment of a validation, or null. */
export const validatedNet = (v: WindowValidation | undefined): number | null =>
  v?.validated ? v.validated.shares.positive.estimate - v.validated.shares.negative.estimate : null;

/** The gaps of a day from a disclosure's coverage. */
export function gapsOf(coverage: CoverageDisclosure, day: string): DayGap[] {
  return coverage.flatMap((c) =>
    c.gaps
      .filter((g) => g.day === day)
      .map((g) => ({ connector: c.connector, query: c.query, platform: c.platform, day: g.day, status: g.status, detail: g.detail })),
  );
}

const LOCALE: Record<ReportLanguage, string> = { id: 'id-ID', en: 'en-GB' };
// Formatters are built once per language and options: building one costs far more than formatting with it.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
const dateFormat = (lang: ReportLanguage, options: Intl.DateTimeFormatOptions) => {
  const key = `d ${lang} ${JSON.stringify(options)}`;
  let f = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALE[lang], options);
    formatters.set(key, f);
  }
  return f;
};
const numberFormat = (lang: ReportLanguage, options: Intl.NumberFormatOptions = {}) => {
  const key = `n ${lang} ${JSON.stringify(options)}`;
  let f = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(LOCALE[lang], options);
    formatters.set(key, f);
  }
  return f;
};
/** A day as `10 Nov 2026` (`Selasa, 10 Nov 2026` with the weekday). */
export function formatReportDay(day: string, lang: ReportLanguage, weekday = false): string {
  return dateFormat(lang, {
    ...(weekday ? { weekday: 'long' } : {}),
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
}
/** The weekday of a day (`Selasa`). */
const weekdayOf = (day: string, lang: ReportLanguage) =>
  dateFormat(lang, { weekday: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
/** A count in the language's grouping (`12.345`, `12,345`). */
export const formatReportCount = (n: number, lang: ReportLanguage) => numberFormat(lang).format(n);
/** A number with up to `digits` decimals and a true minus sign (`−0,42`). */
export const formatReportDecimal = (x: number, lang: ReportLanguage, digits = 2) =>
  numberFormat(lang, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(x).replace('-', '−');
/** A share as a percentage (`35%`). */
export const formatReportShare = (x: number | null, lang: ReportLanguage) =>
  x === null ? '–' : numberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(x);

const STATUS_WORDS: Record<ReportLanguage, Record<DayGap['status'], string>> = {
  id: { partial: 'terpotong batas platform', failed: 'gagal', empty: 'tidak menemukan apa pun', not_run: 'tidak berjalan' },
  en: { partial: 'cut short by a platform limit', failed: 'failed', empty: 'found nothing', not_run: 'did not run' },
};
/** A gap's status in words. */
export const gapStatusWords = (status: DayGap['status'], lang: ReportLanguage) => STATUS_WORDS[lang][status];

/** How a count moved against an earlier one, in words: `naik 35% dari kemarin (231)`. */
function moved(now: number, before: number, against: string, lang: ReportLanguage): string {
  const n = formatReportCount(before, lang);
  if (before === 0) return lang === 'id' ? `${against} tidak ada unggahan` : `none ${against}`;
  const change = relativeChange(now, before) ?? 0;
  const size = formatReportShare(Math.abs(change), lang);
  if (Math.abs(change) < 0.005) return lang === 'id' ? `sama dengan ${against} (${n})` : `the same as ${against} (${n})`;
  return lang === 'id'
    ? `${change > 0 ? 'naik' : 'turun'} ${size} dari ${against} (${n})`
    : `${change > 0 ? 'up' : 'down'} ${size} on ${against} (${n})`;
}

/** A story's name for a headline. */
const storyName = (s: ReportSpike) => `«${s.title ?? s.term}»`;

/**
 * The three headlines of a day, in one language: what changed (posts against the day before and the same weekday,
 * net sentiment), why (the strongest stories with the rule's numbers), and where to look (the story's example posts,
 * the gaps that make a figure short).
 */
export function headlines(f: HeadlineFacts, lang: ReportLanguage): [string, string, string] {
  const id = lang === 'id';
  const day = formatReportDay(f.date, lang);
  const scopes = [
    ...(f.topic ? [id ? `topik «${f.topic.name}»` : `topic "${f.topic.name}"`] : []),
    ...(f.platform ? [id ? `hanya platform ${f.platform}` : `${f.platform} only`] : []),
  ];
  const scope = scopes.length > 0 ? ` (${scopes.join(', ')})` : '';
  let what: string;
  if (f.posts === 0) {
    what = id ? `${day}${scope}: tidak ada unggahan yang dihitung.` : `${day}${scope}: no posts were counted.`;
  } else {
    const yesterday = moved(f.posts, f.previousDay.posts, id ? 'kemarin' : 'the day before', lang);
    const weekday = moved(
      f.posts,
      f.sameWeekday.posts,
      id ? `${weekdayOf(f.sameWeekday.day, lang)} pekan lalu` : `last ${weekdayOf(f.sameWeekday.day, lang)}`,
      lang,
    );
    const net = f.net.value === null ? null : formatReportDecimal(f.net.value, lang);
    const source = f.net.source === 'validated' ? (id ? 'tervalidasi' : 'validated') : id ? 'hanya model' : 'model only';
    const before =
      f.net.previousDay === null
        ? ''
        : id
          ? `; kemarin ${formatReportDecimal(f.net.previousDay, lang)}`
          : `; the day before ${formatReportDecimal(f.net.previousDay, lang)}`;
    const sentiment =
      net === null ? '' : id ? ` Sentimen bersih ${net} (${source}${before}).` : ` Net sentiment ${net} (${source}${before}).`;
    const few =
      f.answered < 30 ? (id ? ' Jumlahnya kecil: sentimen sangat tidak pasti.' : ' Counts are small: sentiment is very uncertain.') : '';
    what = id
      ? `${day}${scope}: ${formatReportCount(f.posts, lang)} unggahan, ${yesterday}, ${weekday}.${sentiment}${few}`
      : `${day}${scope}: ${formatReportCount(f.posts, lang)} posts, ${yesterday}, ${weekday}.${sentiment}${few}`;
  }
  let why: string;
  const [first, second] = f.stories;
  if (first) {
    const e = first.evidence;
    const numbers =
      e.z === null
        ? id
          ? `${formatReportCount(e.count, lang)} unggahan, istilah baru`
          : `${formatReportCount(e.count, lang)} posts, a new term`
        : id
          ? `${formatReportCount(e.count, lang)} unggahan, rata-rata 7 hari sebelumnya ${formatReportDecimal(e.baselineMean, lang, 1)}`
          : `${formatReportCount(e.count, lang)} posts against a 7-day mean of ${formatReportDecimal(e.baselineMean, lang, 1)}`;
    const others = f.stories.length - 1 + f.moreStories;
    const also = second
      ? id
        ? ` Juga: ${storyName(second)}${others > 1 ? ` dan ${others - 1} peristiwa lain` : ''}.`
        : ` Also: ${storyName(second)}${others > 1 ? ` and ${others - 1} more events` : ''}.`
      : '';
    why = id
      ? `Penyebab utama: lonjakan ${storyName(first)} (${numbers}).${also}`
      : `Main cause: the spike ${storyName(first)} (${numbers}).${also}`;
  } else if (!f.baselineAvailable) {
    why = id
      ? 'Lonjakan belum dinilai: data belum mencapai 7 hari ke belakang.'
      : 'Spikes were not assessed: the data does not reach 7 days back yet.';
  } else {
    why = id
      ? 'Tidak ada lonjakan menurut aturan yang dipakai: perubahan hari ini tersebar, bukan satu peristiwa.'
      : 'No term spiked under the published rule: the change is spread out, not one event.';
  }
  const look: string[] = [];
  if (first) {
    const linked = first.examples.filter((x) => x.url).length;
    look.push(
      id
        ? `Baca ${first.examples.length} contoh unggahan ${storyName(first)} di bawah${linked > 0 ? ' (dengan tautan ke aslinya)' : ''}.`
        : `Read the ${first.examples.length} example posts of ${storyName(first)} below${linked > 0 ? ' (linked to the originals)' : ''}.`,
    );
  } else {
    look.push(id ? 'Lihat kata kunci teratas dan sentimen per hari di bawah.' : 'See the top keywords and the daily sentiment below.');
  }
  if (f.gaps.length > 0) {
    const named = [
      ...new Set(f.gaps.map((g) => `${g.connector}${g.query ? ` «${g.query}»` : ''} (${gapStatusWords(g.status, lang)})`)),
    ].join(', ');
    look.push(
      id
        ? `Celah cakupan: ${named}; angka hari ini kurang dari yang sebenarnya, bukan nol.`
        : `Coverage gaps: ${named}; today's figures are short of what was said, not zero.`,
    );
  } else {
    look.push(id ? 'Tidak ada celah cakupan pada hari ini.' : 'No coverage gaps on the day.');
  }
  return [what, why, look.join(' ')];
}

export interface DaySummaryOptions {
  date: string;
  modelVersion: string;
  topicId?: number | undefined;
  /** Only posts of this platform (every figure: posts, net sentiment, stories; the coverage given is of it too). */
  platform?: string | undefined;
  excludeCoordinated?: boolean | undefined;
  /** With `excludeCoordinated`, leave out only the posts this coordination rule flagged. */
  excludeRule?: CoordinationRuleName | undefined;
  rule?: SpikeRule | undefined;
  /** Least gold labels inside the day for validated shares (VALIDATION_MIN_LABELS). */
  validationMinLabels?: number | undefined;
  /** The day's coverage (the disclosure's, from the ledger). */
  coverage: CoverageDisclosure;
  /** Stories told (MAX_SPIKES). */
  limit?: number | undefined;
  /**
   * Serve the stories the story job stored for the day (all posts, or without coordinated posts) when there are, also
   * when the day changed since but at most `maxBehindMs` after they were computed; else compute them now.
   */
  stored?: { maxBehindMs: number } | undefined;
}

/** The day's stories: the stored ones when allowed and current enough, else computed now. */
async function storiesOf(
  db: Database,
  o: DaySummaryOptions,
  scope: Parameters<typeof storyScopeOf>[0],
): Promise<{ told: DayStories; asOf: StoriesAsOf | { computedAt: string } }> {
  const stored = o.stored && (o.limit ?? MAX_SPIKES) === MAX_SPIKES ? storyScopeOf(scope) : null;
  if (stored && o.stored) {
    const kept = await storedDayStories(db, {
      date: o.date,
      scope: stored,
      modelVersion: o.modelVersion,
      rule: o.rule,
      maxBehindMs: o.stored.maxBehindMs,
    });
    if (kept) return kept;
  }
  const computedAt = new Date().toISOString();
  const told = await dayStories(db, { date: o.date, modelVersion: o.modelVersion, rule: o.rule, limit: o.limit ?? MAX_SPIKES, ...scope });
  return { told, asOf: { computedAt } };
}

/** The summary of one Asia/Jakarta day (all posts, one topic's, one platform's): figures, stories, gaps and the three headlines. */
export async function buildDaySummary(db: Database, o: DaySummaryOptions): Promise<DaySummary> {
  const topic = o.topicId === undefined ? null : await getTopic(db, o.topicId);
  const scope = {
    topicId: topic?.id,
    platform: o.platform,
    excludeCoordinated: o.excludeCoordinated === true,
    ...(o.excludeCoordinated && o.excludeRule ? { excludeRule: o.excludeRule } : {}),
  };
  const previous = addDays(o.date, -1);
  const weekAgo = addDays(o.date, -7);
  const [series, { told, asOf }, validation] = await Promise.all([
    sentimentSeries(db, { from: weekAgo, to: o.date, granularity: 'day', modelVersion: o.modelVersion, ...scope }),
    storiesOf(db, o, scope),
    validateWindow(db, {
      window: { from: o.date, to: o.date, ...scope },
      modelVersion: o.modelVersion,
      ...(o.validationMinLabels !== undefined ? { minLabels: o.validationMinLabels } : {}),
    }),
  ]);
  const on = (day: string) => series.find((p) => p.period === day);
  const postsOn = (day: string) => on(day)?.posts ?? 0;
  const today = on(o.date);
  const model = netOf(today);
  const validated = validatedNet(validation);
  const posts = postsOn(o.date);
  const facts: HeadlineFacts = {
    date: o.date,
    topic,
    platform: o.platform ?? null,
    posts,
    previousDay: { day: previous, posts: postsOn(previous) },
    sameWeekday: { day: weekAgo, posts: postsOn(weekAgo) },
    net: {
      value: validated ?? model,
      source: validated === null ? 'model' : 'validated',
      model,
      validated,
      previousDay: netOf(on(previous)),
      sameWeekday: netOf(on(weekAgo)),
    },
    answered: today ? today.negative + today.neutral + today.positive : 0,
    stories: told.stories,
    moreStories: told.more,
    baselineAvailable: told.baselineAvailable,
    gaps: gapsOf(o.coverage, o.date),
  };
  return {
    ...facts,
    topic: topic ? { id: topic.id, name: topic.name, query: topic.query } : null,
    platform: o.platform ?? null,
    previousDay: { ...facts.previousDay, change: relativeChange(posts, facts.previousDay.posts) },
    sameWeekday: { ...facts.sameWeekday, change: relativeChange(posts, facts.sameWeekday.posts) },
    abstained: today?.uncertain ?? 0,
    headlines: { id: headlines(facts, 'id'), en: headlines(facts, 'en') },
    validation,
    // Stories computed now are of the posts counted now.
    storiesAsOf: 'posts' in asOf ? asOf : { computedAt: asOf.computedAt, posts, behind: false },
  };
}
