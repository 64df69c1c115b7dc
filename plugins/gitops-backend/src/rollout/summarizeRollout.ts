import type { RolloutSummary } from '@slipway/plugin-gitops-common';
import { effectiveSteps, formatDuration } from './spec';
import type { RolloutRecord } from './validateRollouts';
import { summarizeArgoRollout } from './argo/summarizeArgoRollout';

/** The plan of a stored rollout as the entity page shows it. */
export function summarizeRollout(record: RolloutRecord): RolloutSummary {
  const { name, kind, spec, errors, warnings } = record;
  if (record.argo)
    return summarizeArgoRollout(name, record.argo, errors, warnings);
  if (!spec) return { name, kind, errors, warnings };
  const { analysis } = spec;
  return {
    name,
    kind,
    strategy: spec.strategy,
    provider: spec.provider,
    targetRef: {
      kind: spec.targetRef.kind,
      name: spec.targetRef.name,
      namespace: spec.targetRef.namespace,
    },
    analysis: {
      interval: formatDuration(analysis.intervalMs),
      threshold: analysis.threshold,
      maxWeight: analysis.maxWeight,
      stepWeight: analysis.stepWeight,
      weights: effectiveSteps(spec).flatMap(s =>
        s.kind === 'setWeight' ? [s.weight] : [],
      ),
      iterations: analysis.iterations,
      metrics: analysis.metrics.map(m => m.name),
    },
    errors,
    warnings,
  };
}
