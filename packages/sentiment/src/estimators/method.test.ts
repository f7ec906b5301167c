import { describe, expect, it } from 'vitest';
import { describeValidationMethod } from './method.ts';

describe('describeValidationMethod', () => {
  it('states the estimator, the interval, the assumptions and the sources', () => {
    const text = describeValidationMethod();
    for (const part of [
      'θ̂_c = λ_c',
      'clip_[0,1]',
      '(1 − n/N) · S²_n(v_c) / (n · θ̂_in²)',
      'z² / (m + z²)',
      'not_relevant or not_indonesian leave the validated population',
      'simple random sample',
      'fixed when the task was created',
      'adjudicated label',
      'not trained on these labels',
      'Science 382 (2023)',
      'PPI++: Efficient prediction-powered inference',
      'NeurIPS 2023',
    ]) {
      expect(text).toContain(part);
    }
  });

  it('has a one-sentence form for every response', () => {
    const brief = describeValidationMethod({ brief: true });
    expect(brief).toContain('PPI++');
    expect(brief.length).toBeLessThan(400);
    expect(brief).not.toContain('\n');
  });
});
