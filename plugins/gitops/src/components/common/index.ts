export { AnnotatedEntityOnly } from './AnnotatedEntityOnly';
export { StatusLabel } from './StatusLabel';
export { useEntityApps } from './useEntityApps';
export { usePolling } from './usePolling';
export type { PollingOptions, PollingState } from './usePolling';
export { errorMessage } from './errorMessage';
export { useEntityRef } from './useEntityRef';
export { useClusterRollouts } from './useClusterRollouts';
