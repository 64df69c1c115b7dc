import { RolloutPhase } from '@slipway/plugin-gitops-common';

/** The `Promoted` condition for a phase, worded as Flagger's so tooling reads both alike (docs/rollout-engine.md#phases). */
export interface PromotedCondition {
  status: 'True' | 'False' | 'Unknown';
  message: string;
}

/** The `Promoted` condition as Flagger words it; `kind` is the target's kind. */
export function promotedCondition(
  phase: RolloutPhase,
  kind = 'Deployment',
): PromotedCondition {
  switch (phase) {
    case 'Initializing':
      return {
        status: 'Unknown',
        message: `New ${kind} detected, starting initialization.`,
      };
    case 'Initialized':
      return { status: 'True', message: `${kind} initialization completed.` };
    case 'Waiting':
    case 'WaitingPromotion':
      return { status: 'Unknown', message: 'Waiting for approval.' };
    case 'Progressing':
      return {
        status: 'Unknown',
        message: 'New revision detected, progressing canary analysis.',
      };
    case 'Promoting':
      return {
        status: 'Unknown',
        message: 'Canary analysis completed, starting primary rolling update.',
      };
    case 'Finalising':
      return {
        status: 'Unknown',
        message: 'Canary analysis completed, routing all traffic to primary.',
      };
    case 'Succeeded':
      return {
        status: 'True',
        message: 'Canary analysis completed successfully, promotion finished.',
      };
    case 'Failed':
      return {
        status: 'False',
        message: `Canary analysis failed, ${kind} scaled to zero.`,
      };
    case 'Terminating':
      return {
        status: 'Unknown',
        message: `${kind} is being restored to its state before the rollout.`,
      };
    case 'Terminated':
      return {
        status: 'Unknown',
        message: `${kind} was restored; the rollout no longer manages it.`,
      };
    default:
      return { status: 'Unknown', message: phase };
  }
}
