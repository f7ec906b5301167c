import { RULE_PARAMS } from '@pantau/alerts';
import { describe, expect, it } from 'vitest';
import { KIND_PARAMS } from '../dashboard/alert-rule-params.ts';
import { ALERT_KIND_VALUES } from './routes/alerts.ts';

describe("the alert-rules editor's thresholds", () => {
  it('are the kinds and thresholds the API accepts, with its defaults (spike: the deployment rule)', () => {
    expect(Object.keys(KIND_PARAMS).sort()).toEqual([...ALERT_KIND_VALUES].sort());
    for (const [kind, params] of Object.entries(RULE_PARAMS)) {
      const offered = KIND_PARAMS[kind as keyof typeof KIND_PARAMS];
      expect(Object.keys(offered).sort(), kind).toEqual(Object.keys(params).sort());
      if (kind !== 'spike') expect(offered, kind).toEqual(params);
    }
  });
});
