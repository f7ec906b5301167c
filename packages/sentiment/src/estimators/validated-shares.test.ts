import { PantauError } from '@pantau/contracts';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../linear.ts';
import { type GoldLabel, type LabelledPost, populationMoments, validatedShares } from './validated-shares.ts';

const Z = 1.959963984540054;
const post = (gold: GoldLabel, probabilities: [number, number, number]): LabelledPost => ({ gold, probabilities });
const repeat = <T>(items: readonly T[], times: number): T[] => Array.from({ length: times }, () => items).flat();
const oneHot = (gold: GoldLabel): [number, number, number] =>
  gold === 'negative' ? [1, 0, 0] : gold === 'neutral' ? [0, 1, 0] : gold === 'positive' ? [0, 0, 1] : [1 / 3, 1 / 3, 1 / 3];

describe('validatedShares', () => {
  it('computes λ, the PPI++ estimate and its finite-population interval as worked by hand', () => {
    // Four posts, each labelled 25 times (n = 100) of N = 1000 whose mean p_negative is 0.3.
    // Y_neg = 1, 1, 0, 0 so s⁰ = 0.5 and a = Y − s⁰ = ±0.5; f = 0.9, 0.1, 0.1, 0.5 (mean 0.4).
    // Over the four: Σ(a − ā)(f − f̄) = 0.2, Σ(f − f̄)² = 0.44, so λ = 0.2/0.44 = 5/11.
    // θ̂ = λ·0.3 + mean(Y − λf) = 0.5 − 0.1λ = 0.4545…; Σ(a − λf − mean)² = 1 − 2λ·0.2 + λ²·0.44 = 10/11 over four,
    // S² = 25·(10/11)/99, SE = √((1 − 100/1000)/100 · S²) = 0.045455.
    const labelled = repeat(
      [
        post('negative', [0.9, 0.05, 0.05]),
        post('negative', [0.1, 0.3, 0.6]),
        post('positive', [0.1, 0.2, 0.7]),
        post('neutral', [0.5, 0.4, 0.1]),
      ],
      25,
    );
    const r = validatedShares({ posts: 1000, sum: [300, 400, 300], sumSquares: [200, 200, 200] }, labelled);
    const lambda = 5 / 11;
    expect(r.lambda.negative).toBeCloseTo(lambda, 12);
    const estimate = 0.5 - 0.1 * lambda;
    const se = Math.sqrt((0.9 / 100) * ((25 * (10 / 11)) / 99));
    expect(r.shares.negative.estimate).toBeCloseTo(estimate, 12);
    expect(r.shares.negative.low).toBeCloseTo(estimate - Z * se, 8);
    expect(r.shares.negative.high).toBeCloseTo(estimate + Z * se, 8);
    // Labels only: 0.5 with S² = 100·0.25/99.
    const seClassical = Math.sqrt((0.9 / 100) * ((100 * 0.25) / 99));
    expect(r.labelsOnly.negative.estimate).toBe(0.5);
    expect(r.labelsOnly.negative.high).toBeCloseTo(0.5 + Z * seClassical, 8);
    expect(r).toMatchObject({ method: 'ppi++', confidence: 0.95, posts: 1000, labels: 100, inScopeLabels: 100 });
    expect(r.modelMean.negative).toBeCloseTo(0.3, 12);
  });

  it('recovers the population share of a model that is right on every label, with λ = 1', () => {
    const labelled = repeat([post('negative', [1, 0, 0]), post('neutral', [0, 1, 0]), post('positive', [0, 0, 1])], 40);
    // The population has 250 negative, 500 neutral and 250 positive posts; the sample is balanced, so the labels alone
    // say one third each.
    const r = validatedShares({ posts: 1000, sum: [250, 500, 250], sumSquares: [250, 500, 250] }, labelled);
    expect(r.lambda).toEqual({ negative: 1, neutral: 1, positive: 1 });
    expect(r.shares.neutral.estimate).toBeCloseTo(0.5, 12);
    expect(r.labelsOnly.neutral.estimate).toBeCloseTo(1 / 3, 12);
    // Residuals without spread: the half-width is the floor, the Wilson bound for zero events in 120/(1 − 0.12) labels.
    const m = 120 / 0.88;
    expect(r.shares.neutral.high - r.shares.neutral.estimate).toBeCloseTo((Z * Z) / (m + Z * Z), 8);
  });

  it('is the labels-only estimate when the model says nothing (constant probabilities give λ = 0)', () => {
    const golds: GoldLabel[] = [
      'negative',
      'negative',
      'negative',
      'negative',
      'neutral',
      'neutral',
      'neutral',
      'positive',
      'positive',
      'not_relevant',
    ];
    const labelled = golds.map((g) => post(g, [0.2, 0.5, 0.3]));
    const r = validatedShares({ posts: 100, sum: [20, 50, 30], sumSquares: [4, 25, 9] }, labelled);
    expect(r.lambda).toEqual({ negative: 0, neutral: 0, positive: 0 });
    expect(r.shares).toEqual(r.labelsOnly);
    // Negative: 4 of 9 in scope. a = Y − (4/9)·Y_in is 5/9 four times, −4/9 five times, 0 once: S² = (180/81)/9.
    const se = Math.sqrt((0.9 / 10) * (180 / 81 / 9)) / 0.9;
    expect(r.shares.negative.estimate).toBeCloseTo(4 / 9, 12);
    expect(r.shares.negative.low).toBeCloseTo(4 / 9 - Z * se, 8);
    expect(r.inScopeLabels).toBe(9);
  });

  it('estimates out-of-scope shares of all posts with the Wilson interval (1 of 10: 1.8%–40.4%)', () => {
    const golds: GoldLabel[] = [
      'not_indonesian',
      'negative',
      'negative',
      'neutral',
      'neutral',
      'neutral',
      'positive',
      'positive',
      'positive',
      'positive',
    ];
    const r = validatedShares(
      { posts: 1e12, sum: [3e11, 3e11, 4e11], sumSquares: [1e11, 1e11, 2e11] },
      golds.map((g) => post(g, oneHot(g))),
    );
    expect(r.outOfScope.not_indonesian.estimate).toBeCloseTo(0.1, 12);
    // Newcombe (1998), Table I: Wilson score interval for 1/10 is 0.0179–0.4042.
    expect(r.outOfScope.not_indonesian.low).toBeCloseTo(0.0179, 4);
    expect(r.outOfScope.not_indonesian.high).toBeCloseTo(0.4042, 4);
    expect(r.outOfScope.not_relevant.estimate).toBe(0);
    // In-scope shares are of the nine in-scope labels.
    expect(r.labelsOnly.positive.estimate).toBeCloseTo(4 / 9, 12);
  });

  it('knows the share exactly when every post is labelled (n = N), whatever the model', () => {
    const random = seededRandom(3);
    const golds = Array.from(
      { length: 60 },
      (_, i): GoldLabel => (['negative', 'neutral', 'positive', 'not_relevant'] as const)[i % 4] as GoldLabel,
    );
    const labelled = golds.map((g) => {
      const [a, b, c] = [random(), random(), random()];
      return post(g, [a / (a + b + c), b / (a + b + c), c / (a + b + c)]);
    });
    const r = validatedShares(populationMoments(labelled.map((l) => l.probabilities)), labelled);
    for (const c of ['negative', 'neutral', 'positive'] as const) {
      expect(r.shares[c].estimate).toBeCloseTo(1 / 3, 12);
      expect(r.shares[c].high - r.shares[c].low).toBeCloseTo(0, 12);
    }
    expect(r.outOfScope.not_relevant).toEqual({ estimate: 0.25, low: 0.25, high: 0.25 });
  });

  it('stays finite and inside [0, 1] at the edges: one label, all labels one class, no in-scope label', () => {
    const population = {
      posts: 500,
      sum: [100, 300, 100] as [number, number, number],
      sumSquares: [50, 200, 50] as [number, number, number],
    };
    const cases: LabelledPost[][] = [
      [post('neutral', [0.1, 0.8, 0.1])],
      Array.from({ length: 50 }, (_, i) => post('neutral', [0.1 + i / 500, 0.8 - i / 500, 0.1])),
      [post('not_relevant', [0.3, 0.4, 0.3]), post('not_indonesian', [0.6, 0.2, 0.2])],
    ];
    for (const labelled of cases) {
      const r = validatedShares(population, labelled);
      for (const group of [r.shares, r.labelsOnly, r.outOfScope]) {
        for (const s of Object.values(group)) {
          for (const v of [s.estimate, s.low, s.high]) {
            expect(Number.isFinite(v)).toBe(true);
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1);
          }
          expect(s.low).toBeLessThanOrEqual(s.estimate);
          expect(s.high).toBeGreaterThanOrEqual(s.estimate);
        }
      }
    }
    // 50 of 50 neutral: no residual spread, so the interval is the Wilson one for 50 of 50 (finite population), not a point.
    const allNeutral = validatedShares(population, cases[1] as LabelledPost[]);
    expect(allNeutral.shares.neutral.estimate).toBe(1);
    // The Wilson bound for 0 of 50 (here: not_relevant) is the floor on both sides of the board.
    const wilsonZeroOf50 = allNeutral.outOfScope.not_relevant.high;
    const m = 50 / (1 - 50 / 500);
    expect(wilsonZeroOf50).toBeCloseTo((Z * Z) / (m + Z * Z), 8);
    expect(allNeutral.shares.neutral.low).toBeCloseTo(1 - wilsonZeroOf50, 10);
    expect(allNeutral.shares.negative.estimate).toBe(0);
    expect(allNeutral.shares.negative.high).toBeCloseTo(wilsonZeroOf50, 10);
    // Nothing in scope: nothing known about the in-scope mix.
    const none = validatedShares(population, cases[2] as LabelledPost[]);
    expect(none.inScopeLabels).toBe(0);
    expect(none.shares.negative).toMatchObject({ low: 0, high: 1 });
    expect(none.labelsOnly.positive).toMatchObject({ low: 0, high: 1 });
  });

  it('narrows with a lower confidence by the ratio of the critical values', () => {
    const random = seededRandom(9);
    const labelled = Array.from({ length: 300 }, () => {
      const u = random();
      const gold: GoldLabel = u < 0.3 ? 'negative' : u < 0.8 ? 'neutral' : 'positive';
      const p: [number, number, number] = gold === 'negative' ? [0.6, 0.3, 0.1] : gold === 'neutral' ? [0.4, 0.4, 0.2] : [0.2, 0.3, 0.5];
      return post(gold, p);
    });
    const population = {
      posts: 10_000,
      sum: [4000, 3500, 2500] as [number, number, number],
      sumSquares: [2000, 1500, 1000] as [number, number, number],
    };
    const at95 = validatedShares(population, labelled);
    const at90 = validatedShares(population, labelled, { confidence: 0.9 });
    expect(at90.confidence).toBe(0.9);
    const width = (s: { low: number; high: number }) => s.high - s.low;
    expect(width(at90.shares.neutral) / width(at95.shares.neutral)).toBeCloseTo(1.6448536269514715 / Z, 6);
  });

  it('never has a larger half-width than the labels-only interval (λ minimizes the estimated variance)', () => {
    const random = seededRandom(21);
    for (let trial = 0; trial < 50; trial++) {
      const labelled = Array.from({ length: 20 + Math.floor(random() * 200) }, () => {
        const u = random();
        const gold: GoldLabel = u < 0.3 ? 'negative' : u < 0.7 ? 'neutral' : u < 0.95 ? 'positive' : 'not_relevant';
        const p = [random(), random(), random()];
        const s = (p[0] as number) + (p[1] as number) + (p[2] as number);
        return post(gold, p.map((x) => x / s) as [number, number, number]);
      });
      const r = validatedShares({ posts: 2000, sum: [600, 800, 600], sumSquares: [300, 400, 300] }, labelled);
      for (const c of ['negative', 'neutral', 'positive'] as const) {
        const validated = r.shares[c];
        const classical = r.labelsOnly[c];
        // Compared before clamping to [0, 1]: half-widths, which the clamp can only shorten on one side.
        expect(Math.max(validated.high - validated.estimate, validated.estimate - validated.low)).toBeLessThanOrEqual(
          Math.max(classical.high - classical.estimate, classical.estimate - classical.low) + 1e-12,
        );
      }
    }
  });

  it('rejects inputs that cannot be a population and its sample', () => {
    const population = { posts: 10, sum: [3, 3, 4] as [number, number, number], sumSquares: [1, 1, 2] as [number, number, number] };
    const expectInvalid = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        expect(error).toBeInstanceOf(PantauError);
        expect((error as PantauError).code).toBe('INVALID_INPUT');
        return;
      }
      throw new Error('expected INVALID_INPUT');
    };
    expectInvalid(() => validatedShares(population, []));
    expectInvalid(() => validatedShares({ ...population, posts: 1 }, [post('neutral', [0, 1, 0]), post('neutral', [0, 1, 0])]));
    expectInvalid(() => validatedShares({ ...population, sumSquares: [5, 1, 2] }, [post('neutral', [0, 1, 0])]));
    expectInvalid(() => validatedShares(population, [post('neutral', [0, 1.5, 0])]));
    expectInvalid(() => validatedShares(population, [post('sarcastic' as GoldLabel, [0, 1, 0])]));
    expectInvalid(() => validatedShares(population, [post('neutral', [0, 1, 0])], { confidence: 1 }));
  });
});

describe('populationMoments', () => {
  it('sums probabilities and their squares per class', () => {
    expect(
      populationMoments([
        [0.5, 0.25, 0.25],
        [0, 1, 0],
      ]),
    ).toEqual({ posts: 2, sum: [0.5, 1.25, 0.25], sumSquares: [0.25, 1.0625, 0.0625] });
  });
});
