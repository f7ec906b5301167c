import { TIME_ZONE } from '@pantau/contracts';
import type { SentimentModel } from '@pantau/sentiment';
import type { MethodDisclosure } from './schema.ts';

/** The published spike rule's parameters. */
export interface SpikeRule {
  /** Days of trailing baseline before the day in question. */
  windowDays: number;
  /** How many standard deviations above the baseline mean a count must be. */
  k: number;
  /** Least posts on the day for a spike (no spike from tiny counts). */
  minCount: number;
  /** Least posts on the day for a term never seen in the trailing window to be reported as new. */
  newTermMinCount: number;
}

/** Defaults, documented in the README and stated in every report. */
export const DEFAULT_SPIKE_RULE: SpikeRule = { windowDays: 7, k: 3, minCount: 10, newTermMinCount: 8 };

/** The rule in one sentence, for disclosures and reports. */
export function describeSpikeRule(rule: SpikeRule = DEFAULT_SPIKE_RULE): string {
  return `A term spikes on a day when its post count is at least ${rule.minCount} and exceeds the mean of the ${rule.windowDays} days before by more than ${rule.k} × max(sd, √mean, 1) (z > ${rule.k}); a term with no posts in those ${rule.windowDays} days is reported as new when it has at least ${rule.newTermMinCount} posts. No spike is reported without ${rule.windowDays} days of data before the day.`;
}

/** How a keyword is formed and counted; stated with every keyword figure. */
export const KEYWORD_RULE =
  'Keywords are unigrams, bigrams and hashtags of the normalized text (informal spelling mapped to standard Indonesian, stop words removed but negations kept); each keyword counts once per post and is grouped by its Indonesian stem.';

/** The spike rule of the daily report, stated with every figure. */
export const SPIKE_RULE = describeSpikeRule();

/** The method part of the disclosure, derived from the active model. */
export function methodOf(model: SentimentModel): MethodDisclosure {
  const threshold = model.manifest.abstainThreshold;
  return {
    label: model.placeholder
      ? `PLACEHOLDER: a keyword-list stand-in (${model.manifest.name}), not a trained model; labels are indicative only.`
      : `Each post is labelled with the class of highest calibrated probability from the ${model.manifest.name} model (version ${model.manifest.version})${
          model.regional
            ? `; posts identified as ${[...model.regional.languages].join(', ')} from its regional head ${model.regional.manifest.name} (version ${model.regional.manifest.version}) instead (see regionalSentiment)`
            : ''
        }.`,
    abstainRule: `A post whose highest class probability is below ${threshold}${model.regional ? ` (${model.regional.manifest.abstainThreshold} for the regional head)` : ''} is labelled uncertain: counted in the population, left out of the class shares.`,
    keywordRule: KEYWORD_RULE,
    spikeRule: SPIKE_RULE,
    timeZone: TIME_ZONE,
  };
}
