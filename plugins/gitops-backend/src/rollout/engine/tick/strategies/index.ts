import type { RolloutSpec } from '../../../spec';
import { abTestingStrategy } from './abTesting';
import { blueGreenStrategy } from './blueGreen';
import { canaryStrategy, stepsStrategy } from './canary';
import type { Strategy } from './Strategy';

export type { Move, Strategy } from './Strategy';

/** The strategy a spec runs; mirroring is blue/green with its first iteration mirrored. */
export function strategyOf(spec: Pick<RolloutSpec, 'strategy'>): Strategy {
  switch (spec.strategy) {
    case 'blueGreen':
    case 'mirroring':
      return blueGreenStrategy;
    case 'abTesting':
      return abTestingStrategy;
    case 'steps':
      return stepsStrategy;
    default:
      return canaryStrategy;
  }
}
