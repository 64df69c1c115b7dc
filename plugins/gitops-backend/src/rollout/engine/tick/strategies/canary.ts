import { effectiveSteps } from '../../../spec';
import type { Move, Strategy } from './Strategy';

/**
 * Weighted canaries walk a list of steps: `canary` compiles its weights
 * into one `setWeight` per tick (and may mirror first); `steps` runs the
 * document's own steps. After the last step comes the promotion gate
 * (docs/rollout-engine.md#weights-and-steps).
 */
function stepStrategy(options: {
  mirrorFirst: boolean;
  stepwisePromotion: boolean;
}): Strategy {
  return {
    stepwisePromotion: options.stepwisePromotion,
    next(state, spec): Move {
      const steps = effectiveSteps(spec);
      const { mirror } = spec.analysis;
      if (
        options.mirrorFirst &&
        mirror &&
        state.canaryWeight === 0 &&
        !state.mirrored
      ) {
        return { kind: 'mirror', step: state.stepIndex, steps: steps.length };
      }
      const step = steps[state.stepIndex];
      if (!step) return { kind: 'promote', confirm: true };
      switch (step.kind) {
        case 'setWeight': {
          // The first shift after the mirror tick needs no second approval.
          const afterMirror =
            state.mirrored && state.canaryWeight === 0 && mirror;
          const rises = step.weight > state.canaryWeight;
          return {
            kind: 'setWeight',
            weight: step.weight,
            confirm: rises && !afterMirror,
          };
        }
        case 'pause':
          return { kind: 'pause', durationMs: step.durationMs };
        case 'setCanaryScale':
          return { kind: 'skipCanaryScale' };
        case 'analysis':
          return {
            kind: 'stepAnalysis',
            templates: step.templates.map(t => t.templateName),
          };
        default:
          throw new Error(
            `unknown step ${JSON.stringify(step satisfies never)}`,
          );
      }
    },
  };
}

export const canaryStrategy = stepStrategy({
  mirrorFirst: true,
  stepwisePromotion: true,
});

export const stepsStrategy = stepStrategy({
  mirrorFirst: false,
  stepwisePromotion: false,
});
