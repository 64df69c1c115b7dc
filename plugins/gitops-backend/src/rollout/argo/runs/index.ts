/**
 * Runs Argo Rollouts' AnalysisRuns for the rollout engine: starts the runs
 * the controller asks for (`rollout/argo/controller`), takes their due
 * measurements over HTTP through the outbound guard (`src/outbound`) and
 * advances them with the pure state machine of `rollout/argo/analysis`.
 * Run states are plain JSON, to store between ticks; Secret values are
 * read again each round and never stored.
 */
export { startArgoRun } from './startArgoRun';
export {
  advanceArgoRuns,
  DEFAULT_MAX_CONCURRENT_MEASUREMENTS,
} from './advanceArgoRuns';
export { observeArgoRuns } from './observeArgoRuns';
export { terminateArgoRuns } from './terminateArgoRuns';
export { MAX_ANSWER_BYTES } from './sendMeasurement';
export { MAX_VALUE_CHARS } from './keptOutcome';
export type {
  AdvancedArgoRuns,
  ArgoRunsDeps,
  ReadSecretData,
  StartArgoRunDeps,
  TakenMeasurement,
} from './types';
