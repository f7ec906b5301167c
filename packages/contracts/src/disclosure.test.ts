import { describe, expect, it } from 'vitest';
import { describeEvaluation, ModelDisclosure } from './disclosure.ts';

const disclosure = {
  name: 'pantau-sentiment-id',
  version: '1.1.0',
  sha256: 'a'.repeat(64),
  backend: 'wasm',
  placeholder: false,
  trainedAt: null,
};

describe('model evaluation in the disclosure', () => {
  it('carries held-out benchmark figures and still reads the figures of older manifests', () => {
    const heldOut = {
      dataset: 'smsa-valid',
      n: 1260,
      macroF1: 0.844,
      macroF1CI: [0.816, 0.872],
      ece: 0.02,
      abstainRate: 0.056,
      binary: false,
      heldOut: true,
      role: 'held-out benchmark',
    };
    expect(ModelDisclosure.parse({ ...disclosure, evaluation: [heldOut] }).evaluation[0]).toEqual(heldOut);
    const old = { dataset: 'smsa-valid', n: 1260, macroF1: 0.875, binary: false };
    expect(ModelDisclosure.parse({ ...disclosure, evaluation: [old] }).evaluation[0]).toEqual(old);
    expect(() => ModelDisclosure.parse({ ...disclosure, evaluation: [{ ...heldOut, macroF1CI: [0.8] }] })).toThrow();
  });

  it('states a figure as a sentence that says whether its set was held out', () => {
    expect(
      describeEvaluation({
        dataset: 'smsa-valid',
        n: 1260,
        macroF1: 0.8443,
        macroF1CI: [0.8159, 0.8718],
        binary: false,
        heldOut: true,
        role: 'held-out benchmark',
      }),
    ).toBe('held-out benchmark smsa-valid (n 1260): macro-F1 84.4 (95% CI 81.6–87.2)');
    expect(describeEvaluation({ dataset: 'smsa-valid', n: 1260, macroF1: 0.8748, binary: false })).toBe(
      'smsa-valid (n 1260; not held out, may be tuned): macro-F1 87.5',
    );
  });
});
