import type { Strategy } from './Strategy';

/**
 * Blue/green counts `iterations` passed analyses with no traffic on the
 * canary (the first one mirrored when `mirror` is set), then switches all
 * traffic to it through the promotion gate, then promotes
 * (docs/rollout-engine.md#iteration-strategies).
 */
export const blueGreenStrategy: Strategy = {
  stepwisePromotion: false,
  next(state, spec) {
    const { iterations, mirror } = spec.analysis;
    if (iterations > state.iterations) {
      return {
        kind: 'iterate',
        total: iterations,
        startMirroring: mirror && state.iterations === 0 && !state.mirrored,
      };
    }
    if (iterations === state.iterations) return { kind: 'switchToCanary' };
    // Traffic is on the canary already and passed one more analysis.
    return { kind: 'promote', confirm: false };
  },
};
