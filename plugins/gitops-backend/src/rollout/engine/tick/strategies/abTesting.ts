import type { Strategy } from './Strategy';

/**
 * A/B testing sends the requests that match `analysis.match` to the canary
 * (the router applies the match to the 0/100 split) for `iterations` passed
 * analyses, then promotes through the promotion gate
 * (docs/rollout-engine.md#iteration-strategies).
 */
export const abTestingStrategy: Strategy = {
  stepwisePromotion: false,
  next(state, spec) {
    const { iterations } = spec.analysis;
    if (iterations > state.iterations) {
      return {
        kind: 'iterate',
        total: iterations,
        route: { primary: 0, canary: 100 },
        startMirroring: false,
      };
    }
    return { kind: 'promote', confirm: true };
  },
};
