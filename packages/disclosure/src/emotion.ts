import { describeEvaluation, type ModelDisclosure } from '@pantau/contracts';
import { wilsonInterval } from './interval.ts';
import type { EmotionDisclosure } from './schema.ts';

/** Fixed limits of the emotion figures. */
export const EMOTION_CAVEATS = [
  'Emotion labels come from a head trained on 2018 Indonesian tweets (EmoT): on other kinds of text its class shares can be biased by tens of points, and the intervals cover sampling error only.',
  'Five classes only (anger, fear, happy, love, sadness): a post with no emotion still gets the most likely one, unless the head abstains.',
  'Emotion shares are model-only: no labelled sample of this deployment validates them.',
];

/** The emotion part of a disclosure from the head's own disclosure and the window's counts. */
export function emotionDisclosureOf(
  model: ModelDisclosure,
  rule: { abstainThreshold: number; temperature: number },
  counts: { posts: number; uncertain: number; postsCounted: number },
): EmotionDisclosure {
  return {
    model,
    heldOut: model.evaluation.filter((e) => e.heldOut).map(describeEvaluation),
    label:
      'The most likely of five emotions (anger, fear, happy, love, sadness) from the emotion head: TF-IDF word and character n-grams, one-vs-rest NB-SVM, temperature softmax.',
    abstainRule: `A post whose highest emotion probability is below ${rule.abstainThreshold} (temperature ${rule.temperature}; both chosen on a dev split of EmoT train) is labelled uncertain: counted in posts and abstained, left out of the shares' denominator.`,
    posts: counts.posts,
    abstained: wilsonInterval(counts.uncertain, counts.posts),
    unlabelled: Math.max(0, counts.postsCounted - counts.posts),
    interval: 'Wilson score interval, 95%, for each emotion share of the answered posts (labelled posts minus abstained).',
    caveats: [...EMOTION_CAVEATS],
  };
}
