/**
 * The thresholds of each alert kind as the editor offers them, in the order shown, with the API's defaults
 * (`RULE_PARAMS` of `@pantau/alerts`; a test keeps the two equal). Spike thresholds left empty follow the deployment's
 * spike rule (SPIKE_*), so they have no default here.
 */
export const KIND_PARAMS = {
  spike: { minCount: null, k: null, newTermMinCount: null },
  negative_rise: { minPoints: 10, minPosts: 30 },
  volume_jump: { ratio: 2, minPosts: 30 },
  coverage_failure: { hours: 24 },
} as const satisfies Record<string, Record<string, number | null>>;

export type AlertKind = keyof typeof KIND_PARAMS;
export const ALERT_KINDS = Object.keys(KIND_PARAMS) as AlertKind[];
