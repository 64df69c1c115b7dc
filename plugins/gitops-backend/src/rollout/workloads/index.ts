export { createWorkloads } from './createWorkloads';
export { ROLLOUT_ID_ANNOTATION } from './primaryDeployment';
export { CONFIG_TRACKING_ANNOTATION } from './trackedConfigs';
export type { Readiness, Revision, RolloutTarget, Workloads } from './types';
