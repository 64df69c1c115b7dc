import type { LookupFunction } from 'node:net';
import {
  operatorOutboundPolicy,
  projectOutboundPolicy,
} from '../../../outbound';
import { secretReader } from '../../secrets/secretReader';
import { advanceArgoRuns, startArgoRun } from '../../argo/runs';
import type { ActiveArgoRollout, ArgoRunsPort } from './types';

export interface ArgoRunsOptions {
  /** Prometheus of metrics that name no address: the operator's metrics server. */
  defaultMetricsServer?: string;
  /** Name resolution for outbound calls; `dns.lookup` when absent. */
  outboundLookup?: LookupFunction;
  now?: () => number;
}

/**
 * AnalysisRuns of Argo Rollouts, measured as the project may: Secrets read
 * from the rollout's own namespace as its ServiceAccount, calls only to the
 * project's outboundHosts (the operator's metrics server excepted).
 */
export function createArgoRuns(options: ArgoRunsOptions = {}): ArgoRunsPort {
  const now = options.now ?? Date.now;
  const operatorPolicy = operatorOutboundPolicy(options.outboundLookup);
  const baseDeps = (rollout: ActiveArgoRollout, signal?: AbortSignal) => ({
    templates: rollout.templates,
    readSecret: secretReader(rollout.cluster),
    namespace: rollout.namespace,
    // What `valueFrom.fieldRef` arguments read: the Rollout as parsed
    // (its name and namespace; labels and annotations are not kept).
    rollout: {
      apiVersion: rollout.spec.source.apiVersion,
      kind: rollout.spec.source.kind,
      metadata: { name: rollout.rollout, namespace: rollout.namespace },
    },
    now,
    signal,
  });
  return {
    start: (rollout, toStart) => startArgoRun(toStart, baseDeps(rollout)),
    async advance(rollout, runs, signal) {
      const advanced = await advanceArgoRuns(runs, {
        ...baseDeps(rollout, signal),
        projectPolicy: projectOutboundPolicy(
          rollout.project,
          options.outboundLookup,
        ),
        operatorPolicy,
        defaultPrometheusAddress: options.defaultMetricsServer,
      });
      return {
        runs: advanced.runs,
        taken: advanced.taken,
        nextDueAt: advanced.nextDueAt,
      };
    },
  };
}
