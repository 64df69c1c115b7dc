import {
  collectTemplates,
  failAnalysisRun,
  indefiniteMetrics,
  newAnalysisRun,
} from '../analysis';
import type { AnalysisRunState, TemplateLookup } from '../analysis';
import type { ArgoAnalysisRunToStart } from '../controller';
import { secretKeyReader } from './secretKeyReader';
import type { StartArgoRunDeps } from './types';

const zero = () => ({
  count: 0,
  successful: 0,
  failed: 0,
  inconclusive: 0,
  error: 0,
});

/** A run that could not be made from its templates: Error from the start, with why. */
function erroredRun(message: string, now: number): AnalysisRunState {
  return {
    spec: { metrics: [], args: [], dryRun: [], measurementRetention: [] },
    terminate: false,
    phase: 'Error',
    message,
    startedAt: now,
    completedAt: now,
    metricResults: [],
    runSummary: zero(),
    dryRunSummary: zero(),
  };
}

/**
 * The lookup, narrowed to the rollout's namespace: an AnalysisTemplate
 * declared for another one is not found, and `elsewhere` remembers where it
 * was, for the message. ClusterAnalysisTemplates have no namespace.
 */
function inNamespace(
  lookup: TemplateLookup,
  namespace: string,
  elsewhere: Map<string, string>,
): TemplateLookup {
  return ref => {
    const template = lookup(ref);
    if (
      template &&
      !ref.clusterScope &&
      template.namespace !== undefined &&
      template.namespace !== namespace
    ) {
      elsewhere.set(ref.templateName, template.namespace);
      return undefined;
    }
    return template;
  };
}

/**
 * Creates the AnalysisRun the controller asks for (`ArgoAnalysisRunToStart`),
 * started now: templates collected in the rollout's namespace, arguments
 * resolved (`podTemplateHashValue` from the hashes given, `fieldRef` from
 * `deps.rollout`, Secrets read to check they resolve, never kept). What
 * keeps Argo from making the run (a missing template, an argument with no
 * value, conflicting templates) or fails it on its first reconcile (a
 * Secret that cannot be read, an invalid metric) gives a run in phase
 * Error with the reason as its message, never a throw; so does a metric
 * that would never end in analysis that must (a step's, pre- or
 * post-promotion), which Argo refuses in the Rollout. Rejects only when
 * `deps.signal` aborts. The run is JSON-safe and holds no Secret value.
 */
export async function startArgoRun(
  toStart: ArgoAnalysisRunToStart,
  deps: StartArgoRunDeps,
): Promise<AnalysisRunState> {
  const now = deps.now();
  const { analysis } = toStart;
  const elsewhere = new Map<string, string>();
  const collected = collectTemplates(
    analysis.templates,
    inNamespace(deps.templates, deps.namespace, elsewhere),
  );
  if (collected.errors.length > 0) {
    const messages = collected.errors.map(error => {
      const name = [...elsewhere.keys()].find(
        n => error === `AnalysisTemplate "${n}" not found`,
      );
      return name === undefined
        ? error
        : `AnalysisTemplate "${name}" is declared in namespace '${elsewhere.get(
            name,
          )}', outside the rollout's namespace '${
            deps.namespace
          }': AnalysisTemplates resolve only there`;
    });
    return erroredRun(messages.join('; '), now);
  }

  const { run, errors } = await newAnalysisRun(
    {
      templates: collected.templates,
      args: analysis.args,
      dryRun: analysis.dryRun,
      measurementRetention: analysis.measurementRetention,
    },
    {
      rollout: deps.rollout,
      podTemplateHashes: {
        latest: toStart.podTemplateHash,
        stable: toStart.stablePodTemplateHash,
      },
      readSecret: secretKeyReader(deps.readSecret, deps.namespace),
    },
    now,
  );
  // A Secret read cut short by the abort is not the run's failure.
  if (deps.signal?.aborted) throw deps.signal.reason;
  if (!run) return erroredRun(errors.join('; '), now);
  if (toStart.kind !== 'background') {
    const endless = indefiniteMetrics(run.spec);
    if (endless.length > 0) {
      return failAnalysisRun(
        run,
        `Analysis spec invalid: ${endless.join('; ')}`,
        now,
      );
    }
  }
  return run;
}
