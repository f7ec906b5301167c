import {
  CAVEATS,
  COORDINATION_CAVEATS,
  type Disclosure,
  describeCoordinationMethod,
  TIME_ZONE,
  type ValidationDisclosure,
} from '@pantau/contracts';
import { type CoordinationRule, coordinatedShare, coverageSummary, type DayWindow, type Population, population } from '@pantau/db';
import { describeSpikeRule, wilsonInterval } from '@pantau/report';
import type { SentimentModel } from '@pantau/sentiment';
import type { DataSource } from './context.ts';

/** Software identity stated in every disclosure. */
export interface SoftwareInfo {
  version: string;
  commit: string;
}

/** How a keyword is formed and counted; stated with every keyword figure. */
export const KEYWORD_RULE =
  'Keywords are unigrams, bigrams and hashtags of the normalized text (informal spelling mapped to standard Indonesian, stop words removed but negations kept); each keyword counts once per post and is grouped by its Indonesian stem.';

/** The spike rule of the daily report, stated with every figure. */
export const SPIKE_RULE = describeSpikeRule();

/** The method part of the disclosure, derived from the active model. */
export function methodOf(model: SentimentModel): Disclosure['method'] {
  const threshold = model.manifest.abstainThreshold;
  return {
    label: model.placeholder
      ? `PLACEHOLDER: a keyword-list stand-in (${model.manifest.name}), not a trained model; labels are indicative only.`
      : `Each post is labelled with the class of highest calibrated probability from the ${model.manifest.name} model (version ${model.manifest.version}).`,
    abstainRule: `A post whose highest class probability is below ${threshold} is labelled uncertain: counted in the population, left out of the class shares.`,
    keywordRule: KEYWORD_RULE,
    spikeRule: SPIKE_RULE,
    timeZone: TIME_ZONE,
  };
}

type StaticParts = Pick<Disclosure, 'model' | 'method' | 'uncertainty' | 'caveats' | 'software'>;

/** The parts of the disclosure that depend only on the loaded model and the software, built once per model. */
const staticParts = new WeakMap<SentimentModel, Map<string, StaticParts>>();

function staticPartsOf(model: SentimentModel, software: SoftwareInfo): StaticParts {
  let byModel = staticParts.get(model);
  if (!byModel) {
    byModel = new Map();
    staticParts.set(model, byModel);
  }
  const key = `${software.version}\u0000${software.commit}`;
  let parts = byModel.get(key);
  if (!parts) {
    parts = {
      model: model.disclosure(),
      method: methodOf(model),
      uncertainty: {
        method: 'Wilson score interval, 95%, for every share; the successes and trials behind each share are given with it.',
        note: 'Intervals cover sampling error of the collected posts only, not model error or what platforms did not return.',
      },
      caveats: model.placeholder
        ? [...CAVEATS, 'The sentiment labels come from a placeholder, not a trained and evaluated model.']
        : [...CAVEATS],
      software: { name: 'pantau', version: software.version, commit: software.commit },
    };
    byModel.set(key, parts);
  }
  return parts;
}

/** Assembles the disclosure envelope for a window: model, method, population, coverage, uncertainty, caveats. */
export async function buildDisclosure(
  { db, kept }: DataSource,
  model: SentimentModel,
  software: SoftwareInfo,
  window: DayWindow & { granularity: string },
  coordinationRule: CoordinationRule | null = null,
  /** The window's posts and coordinated posts when the route already counted them (saves a query). */
  known?: { posts: number; coordinatedPosts: number },
  /** The window's population when the route already counted it (saves a query). */
  knownPopulation?: Population,
  /** Whether the sentiment shares are validated by human labels (`validateWindow`); sentiment figures only. */
  validation?: ValidationDisclosure,
): Promise<Disclosure> {
  const [pop, coverage, coordinated] = await Promise.all([
    knownPopulation ? structuredClone(knownPopulation) : population(db, { ...window, modelVersion: model.manifest.version }),
    kept?.coverageSummary(window).then((summary) => summary ?? coverageSummary(db, window)) ?? coverageSummary(db, window),
    known ?? coordinatedShare(db, { ...window, modelVersion: model.manifest.version }),
  ]);
  // Recomputed without coordinated posts: they are left out of the denominator and listed as an exclusion.
  if (window.excludeCoordinated) pop.excluded.coordinated = coordinated.coordinatedPosts;
  const parts = staticPartsOf(model, software);
  return {
    model: parts.model,
    method: parts.method,
    window: { from: window.from, to: window.to, granularity: window.granularity },
    population: pop,
    coverage,
    uncertainty: parts.uncertainty,
    coordination: {
      method: describeCoordinationMethod(coordinationRule),
      rule: coordinationRule,
      share: wilsonInterval(coordinated.coordinatedPosts, coordinated.posts),
      excluded: window.excludeCoordinated === true,
      caveats: [...COORDINATION_CAVEATS],
    },
    ...(validation ? { validation } : {}),
    caveats: parts.caveats,
    software: parts.software,
    generatedAt: new Date().toISOString(),
  };
}
