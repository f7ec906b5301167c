import { CAVEATS, COORDINATION_CAVEATS, describeCoordinationMethod, describeEvaluation, languageExclusion } from '@pantau/contracts';
import {
  type CoordinationRule,
  coordinatedByRule,
  coordinatedShare,
  coordinationProgress,
  coverageSummary,
  type Database,
  type DayWindow,
  languageLabelCounts,
  languageSentimentOverview,
  type Population,
  population,
  populationVersions,
  type VersionCount,
} from '@pantau/db';
import { describeValidationMethod, type SentimentModel } from '@pantau/sentiment';
import { fixedPart, fixedText } from './fixed.ts';
import { wilsonInterval } from './interval.ts';
import { methodOf } from './method.ts';
import type {
  CoverageDisclosure,
  Disclosure,
  DistinctAuthorsDisclosure,
  EmotionDisclosure,
  ModelDisclosure,
  RegionalSentimentDisclosure,
  RetentionDisclosure,
  ValidationDisclosure,
} from './schema.ts';

/** Software identity stated in every disclosure. */
export interface SoftwareInfo {
  version: string;
  commit: string;
}

/** Where a disclosure's counts are read: the database, and a kept coverage ledger when the caller has one. */
export interface DisclosureSource {
  db: Database;
  /** Answers the window's coverage from memory; null when it cannot (then the database answers). */
  coverageSummary?: (window: DayWindow) => Promise<CoverageDisclosure | null>;
  /** Answers the window's counted posts per language from memory; null when it cannot (then the database answers). */
  languageCounts?: (window: DayWindow & { modelVersion: string }) => Promise<Record<string, { posts: number; unlabelled: number }> | null>;
  /** Answers the window's labelled posts per model from memory; null when it cannot (then the database answers). */
  populationVersions?: (window: DayWindow) => Promise<VersionCount[] | null>;
}

/** What a disclosure is built for. */
export interface DisclosureRequest {
  model: SentimentModel;
  software: SoftwareInfo;
  window: DayWindow & { granularity: string };
  /** The co-posting rule in force; null (the default) when the signal is off. */
  coordinationRule?: CoordinationRule | null | undefined;
  /** The window's posts and coordinated posts when the caller already counted them (saves a query). */
  coordinated?: { posts: number; coordinatedPosts: number } | undefined;
  /** The window's coverage when the caller already summarized the ledger over it (saves a second pass). */
  coverage?: CoverageDisclosure | undefined;
  /** The window's population when the caller already counted it (saves a query). */
  population?: Population | undefined;
  /** Whether the sentiment shares are validated by human labels (`validateWindow`); sentiment figures only. */
  validation?: ValidationDisclosure | undefined;
  /** RETENTION_DAYS in force (0: kept until removed by hand). */
  retentionDays: number;
  /** How the figures' distinct authors were counted; figures that count authors only. */
  distinctAuthors?: DistinctAuthorsDisclosure | undefined;
  /** The emotion head behind the figures; emotion figures only. */
  emotion?: EmotionDisclosure | undefined;
}

type StaticParts = Pick<Disclosure, 'method' | 'uncertainty' | 'caveats' | 'software'> & { model: ModelDisclosure };

/** The parts of the disclosure that depend only on the loaded model and the software, built once per model. */
const staticParts = new WeakMap<SentimentModel, Map<string, StaticParts>>();

function staticPartsOf(model: SentimentModel, software: SoftwareInfo): StaticParts {
  let byModel = staticParts.get(model);
  if (!byModel) {
    byModel = new Map();
    staticParts.set(model, byModel);
  }
  const key = `${software.version}\u0000${software.commit}`;
  const kept = byModel.get(key);
  if (kept) return kept;
  const card = model.disclosure();
  const parts: StaticParts = {
    model: { ...card, evaluation: fixedPart(card.evaluation) },
    method: fixedPart(methodOf(model)),
    uncertainty: fixedPart({
      method: 'Wilson score interval, 95%, for every share; the successes and trials behind each share are given with it.',
      note: 'Intervals cover sampling error of the collected posts only, not model error or what platforms did not return.',
    }),
    caveats: fixedPart(
      model.placeholder ? [...CAVEATS, 'The sentiment labels come from a placeholder, not a trained and evaluated model.'] : [...CAVEATS],
    ),
    software: fixedPart({ name: 'pantau', version: software.version, commit: software.commit }),
  };
  byModel.set(key, parts);
  return parts;
}

const retentionParts = new Map<number, RetentionDisclosure>();

/** The retention part of the disclosure for RETENTION_DAYS (one fixed part per value). */
export function retentionOf(days: number): RetentionDisclosure {
  let part = retentionParts.get(days);
  if (!part) {
    part = fixedPart(retentionPart(days));
    retentionParts.set(days, part);
  }
  return part;
}

function retentionPart(days: number): RetentionDisclosure {
  return {
    days,
    note:
      days > 0
        ? `A post's text, link and author pseudonym are removed ${days} days after its day (Asia/Jakarta, once a day); the post stays counted in every figure and its label is kept.`
        : 'Posts are kept until an administrator removes them (pantau privacy retention); RETENTION_DAYS is 0.',
  };
}

/** What the disclosure states of a regional head whatever the window: built once per head. */
const regionalParts = new WeakMap<NonNullable<SentimentModel['regional']>, Omit<RegionalSentimentDisclosure, 'posts'>>();

function regionalPartsOf(head: NonNullable<SentimentModel['regional']>): Omit<RegionalSentimentDisclosure, 'posts'> {
  const kept = regionalParts.get(head);
  if (kept) return kept;
  const languages = [...head.languages];
  const parts = {
    model: fixedPart(head.disclosure()),
    languages: fixedPart(languages),
    inDefaultShares: true,
    label: fixedText(
      `Posts identified as ${languages.join(', ')} are labelled by the regional head ${head.manifest.name} ${head.manifest.version} (same abstain rule, its threshold ${head.manifest.abstainThreshold} chosen on its dev split); Indonesian posts by the model above; posts of other regional languages (ace, bug, nij, bbc) get no class (excluded.language_<code>). Both heads' labels are in the default shares; \`language=id\` gives the Indonesian model's posts only.`,
    ),
    heldOut: fixedPart(head.manifest.evaluation.map(describeEvaluation)),
  };
  regionalParts.set(head, parts);
  return parts;
}

/**
 * Which head labelled which posts of the window: the regional head's languages and its labelled posts per language
 * (their posts are in the default sentiment shares, beside the Indonesian model's), with its held-out figures.
 */
export function regionalSentimentOf(
  head: NonNullable<SentimentModel['regional']>,
  perLanguage: Readonly<Record<string, { posts: number; unlabelled: number }>>,
): RegionalSentimentDisclosure {
  const { model, languages, inDefaultShares, label, heldOut } = regionalPartsOf(head);
  const posts: Record<string, number> = {};
  for (const lang of languages) {
    const c = perLanguage[lang];
    if (c && c.posts - c.unlabelled > 0) posts[lang] = c.posts - c.unlabelled;
  }
  return { model, languages, posts, inDefaultShares, label, heldOut };
}

/** The co-posting rule's method text, one per rule (a fixed text). */
const coordinationMethods = new WeakMap<CoordinationRule, string>();
const NO_RULE_METHOD = fixedText(describeCoordinationMethod(null));
// The validation method text of every sentiment disclosure.
fixedText(describeValidationMethod());
/** The co-posting signal's caveats, one fixed part for every disclosure. */
const COORDINATION_CAVEATS_PART = fixedPart([...COORDINATION_CAVEATS]);

function coordinationMethodOf(rule: CoordinationRule | null): string {
  if (!rule) return NO_RULE_METHOD;
  let text = coordinationMethods.get(rule);
  if (!text) {
    text = fixedText(describeCoordinationMethod(rule));
    coordinationMethods.set(rule, text);
  }
  return text;
}

/** The rules whose flagged posts a window leaves out, as the API names them. */
export function excludedRulesOf(window: Pick<DayWindow, 'excludeCoordinated' | 'excludeRule'>): ('coposting' | 'repeated_text')[] {
  if (!window.excludeCoordinated) return [];
  if (window.excludeRule === 'coposting') return ['coposting'];
  if (window.excludeRule === 'repeated') return ['repeated_text'];
  return ['coposting', 'repeated_text'];
}

/** Assembles the disclosure envelope for a window: model, method, population, coverage, uncertainty, caveats. */
export async function buildDisclosure(source: DisclosureSource, request: DisclosureRequest): Promise<Disclosure> {
  const { db } = source;
  const { model, software, window } = request;
  const coordinationRule = request.coordinationRule ?? null;
  const modelVersion = model.manifest.version;
  const languages = window.languages;
  const filtered =
    languages && !(request.population && request.coordinated)
      ? languageSentimentOverview(db, { ...window, granularity: 'day', modelVersion, languages })
      : null;
  const [pop, coverage, coordinated, perLanguage, byRule, progress, versions] = await Promise.all([
    request.population
      ? structuredClone(request.population)
      : filtered
        ? filtered.then((o) => o.population)
        : population(db, { ...window, modelVersion }),
    request.coverage ?? (async () => (await source.coverageSummary?.(window)) ?? (await coverageSummary(db, window)))(),
    request.coordinated ??
      (filtered
        ? filtered.then((o) => {
            let posts = 0;
            let coordinatedPosts = 0;
            for (const c of o.coordinated.values()) {
              posts += c.posts;
              coordinatedPosts += c.coordinatedPosts;
            }
            return { posts, coordinatedPosts };
          })
        : coordinatedShare(db, { ...window, modelVersion })),
    (async () =>
      (await source.languageCounts?.({ ...window, modelVersion })) ?? (await languageLabelCounts(db, { ...window, modelVersion })))(),
    coordinationRule || window.excludeRule ? coordinatedByRule(db, window) : null,
    coordinationRule ? coordinationProgress(db) : null,
    (async () => (await source.populationVersions?.(window)) ?? (await populationVersions(db, window)))(),
  ]);
  const languagePosts = Object.values(perLanguage).reduce((t, v) => t + v.posts, 0);
  const languageShares: Record<string, { posts: number; share: number }> = {};
  for (const [code, { posts, unlabelled }] of Object.entries(perLanguage).sort(([a, x], [b, y]) => y.posts - x.posts || (a < b ? -1 : 1))) {
    languageShares[code] = { posts, share: languagePosts > 0 ? posts / languagePosts : 0 };
    // Counted, but left out of the class shares (as `abstained` posts are): a language no head labels (or its posts
    // stored before the regional head was installed).
    if (code !== 'id' && unlabelled > 0) pop.excluded[languageExclusion(code)] = unlabelled;
  }
  // Recomputed without coordinated posts (those of one rule, or of either): left out of the denominator and listed as an exclusion.
  if (window.excludeCoordinated)
    pop.excluded.coordinated = window.excludeRule && byRule ? byRule[window.excludeRule] : coordinated.coordinatedPosts;
  const parts = staticPartsOf(model, software);
  return {
    model: { ...parts.model, versions },
    method: parts.method,
    window: {
      from: window.from,
      to: window.to,
      granularity: window.granularity,
      ...(window.platform ? { platform: window.platform } : {}),
    },
    population: { ...pop, languages: languageShares },
    coverage,
    uncertainty: parts.uncertainty,
    coordination: {
      method: coordinationMethodOf(coordinationRule),
      rule: coordinationRule,
      share: wilsonInterval(coordinated.coordinatedPosts, coordinated.posts),
      excluded: window.excludeCoordinated === true,
      excludedRules: excludedRulesOf(window),
      caveats: COORDINATION_CAVEATS_PART,
      ...(coordinationRule && byRule
        ? {
            byRule: {
              coposting: wilsonInterval(byRule.coposting, coordinated.posts),
              repeated: coordinationRule.repeated ? wilsonInterval(byRule.repeated, coordinated.posts) : null,
            },
            lag: progress
              ? {
                  updatedAt: progress.updatedAt,
                  p50Ms: progress.lagP50Ms,
                  p99Ms: progress.lagP99Ms,
                  lastMs: progress.lastLagMs,
                  posts: progress.lagPosts,
                }
              : null,
          }
        : {}),
    },
    ...(request.validation ? { validation: request.validation } : {}),
    retention: retentionOf(request.retentionDays),
    ...(request.distinctAuthors ? { distinctAuthors: request.distinctAuthors } : {}),
    ...(request.emotion ? { emotion: request.emotion } : {}),
    ...(model.regional ? { regionalSentiment: regionalSentimentOf(model.regional, perLanguage) } : {}),
    caveats: parts.caveats,
    software: parts.software,
    generatedAt: new Date().toISOString(),
  };
}
