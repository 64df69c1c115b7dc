export { RolloutPhaseChip } from './RolloutPhaseChip';
export { promotedCondition } from './promotedCondition';
export type { PromotedCondition } from './promotedCondition';
