export type {
  EngineErrorKind,
  EngineMetrics,
  KubeRequestMetrics,
  KubeRequestOutcome,
  KubeVerb,
  LeaseMove,
  ReconcileOutcome,
  RolloutTickOutcome,
  SyncQueueDepth,
  SyncQueueReader,
} from './EngineMetrics';
export { noEngineMetrics, startTimer } from './EngineMetrics';
export { kubeVerb } from './kubeVerb';
export { OtelEngineMetrics } from './OtelEngineMetrics';
