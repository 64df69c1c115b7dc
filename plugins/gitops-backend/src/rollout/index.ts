export * from './spec';
export * from './metrics';
export { validateRollouts } from './validateRollouts';
export type { RolloutApp, RolloutRecord } from './validateRollouts';
export { summarizeRollout } from './summarizeRollout';
