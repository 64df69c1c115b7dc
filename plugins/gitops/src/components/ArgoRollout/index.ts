export { ArgoAnalysisRuns } from './ArgoAnalysisRuns';
export { AnalysisPhaseChip, ArgoPhaseChip } from './ArgoPhaseChip';
export { ArgoRolloutState } from './ArgoRolloutState';
export { ArgoStepList } from './ArgoStepList';
export {
  argoStepCount,
  argoStepLabel,
  isArgoRollout,
  isFullyPromoted,
  isUserPaused,
} from './argoView';
