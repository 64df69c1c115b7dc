export { AnnotatedEntityOnly } from './AnnotatedEntityOnly';
export { StatusLabel } from './StatusLabel';
export { useEntityApps } from './useEntityApps';
export { usePolling } from './usePolling';
export { useOnSignal } from './useOnSignal';
export type { PollingOptions, PollingState } from './usePolling';
export type { LoadState } from './loadState';
export { LoadProblem } from './LoadProblem';
export { LoadedContent } from './LoadedContent';
export { errorMessage } from './errorMessage';
export { useEntityRef } from './useEntityRef';
export { useClusterRollouts } from './useClusterRollouts';
export { Time } from './Time';
export {
  formatClock,
  formatRelative,
  formatTime,
  isoTime,
  isRecent,
} from './formatTime';
export type { Instant } from './formatTime';
export { formatDuration } from './formatDuration';
export {
  tableColumns,
  oneLineCell,
  textCell,
  wholeTableOptions,
} from './tableCells';
export type { GitopsColumn } from './tableCells';
export { describeAutoSync } from './autoSync';
