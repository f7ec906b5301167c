import { PantauError } from '@pantau/contracts';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../linear.ts';
import { type StudyPost, simpleRandomSample, validationStudy } from './study.ts';

describe('simpleRandomSample', () => {
  it('draws distinct indices, each about equally often, the same for the same seed', () => {
    const hits = new Array<number>(10).fill(0);
    const random = seededRandom(4);
    for (let r = 0; r < 5000; r++) {
      const sample = simpleRandomSample(10, 3, random);
      expect(new Set(sample).size).toBe(3);
      for (const i of sample) hits[i] = (hits[i] as number) + 1;
    }
    // Each index is in a sample with probability 3/10: 1500 of 5000 expected, binomial sd ≈ 32.
    for (const h of hits) expect(Math.abs(h - 1500)).toBeLessThan(150);
    expect(simpleRandomSample(50, 5, seededRandom(1))).toEqual(simpleRandomSample(50, 5, seededRandom(1)));
  });
});

describe('validationStudy', () => {
  const posts: StudyPost[] = [
    ...Array.from(
      { length: 30 },
      (): StudyPost => ({ gold: 'negative', prediction: { label: 'negative', probabilities: [0.8, 0.1, 0.1] } }),
    ),
    ...Array.from(
      { length: 50 },
      (): StudyPost => ({ gold: 'neutral', prediction: { label: 'negative', probabilities: [0.6, 0.3, 0.1] } }),
    ),
    ...Array.from(
      { length: 20 },
      (): StudyPost => ({ gold: 'positive', prediction: { label: 'uncertain', probabilities: [0.3, 0.3, 0.4] } }),
    ),
    ...Array.from(
      { length: 25 },
      (): StudyPost => ({ gold: 'not_relevant', prediction: { label: 'positive', probabilities: [0.1, 0.1, 0.8] } }),
    ),
  ];

  it('measures truth over in-scope posts and model-only shares over answered posts', () => {
    const study = validationStudy(posts, { labels: [40], repetitions: 3, seed: 2 });
    expect(study.posts).toBe(125);
    expect(study.inScopePosts).toBe(100);
    expect(study.truth).toEqual({ negative: 0.3, neutral: 0.5, positive: 0.2 });
    // 105 answered: 80 negative, 25 positive.
    expect(study.modelOnly).toEqual({ negative: 80 / 105, neutral: 0, positive: 25 / 105 });
    expect(study.modelOnlyMaxAbsError).toBeCloseTo(0.5, 12);
    expect(study.arms[0]?.labels).toBe(40);
    expect(study.arms[0]?.repetitions).toBe(3);
  });

  it('rejects a study it cannot run', () => {
    expect(() => validationStudy(posts, { labels: [200], repetitions: 3, seed: 2 })).toThrow(PantauError);
    expect(() => validationStudy(posts, { labels: [20], repetitions: 0, seed: 2 })).toThrow(PantauError);
    expect(() => validationStudy(posts.slice(100), { labels: [20], repetitions: 1, seed: 2 })).toThrow(/no in-scope post/);
  });
});
