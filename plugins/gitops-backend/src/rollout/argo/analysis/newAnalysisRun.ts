import { argValues, mergeArgs, readSecretArgs } from './args';
import type { ArgsContext, ResolvedArgs } from './args';
import { createAnalysisRun, failAnalysisRun } from './run';
import { duplicateRules, flattenTemplates } from './templates';
import type {
  AnalysisRunState,
  AnalysisTemplateSpec,
  DryRunRule,
  MeasurementRetentionRule,
  SuppliedArgument,
} from './types';

/** What a Rollout's analysis (a step, background, pre- or post-promotion) adds to its templates. */
export interface RolloutAnalysisInput {
  /** The templates, as `collectTemplates` returns them. */
  templates: AnalysisTemplateSpec[];
  args?: SuppliedArgument[];
  dryRun?: DryRunRule[];
  measurementRetention?: MeasurementRetentionRule[];
}

/**
 * Argo's `NewAnalysisRunFromTemplates` and the run's first reconcile:
 * templates flattened, the Rollout's arguments merged in, its dry-run and
 * retention rules put before the templates' ones, Secrets read.
 *
 * `errors` are what keeps Argo from creating the run (duplicate metrics,
 * conflicting or missing arguments, duplicate rules). A run that Argo would
 * create and then fail is returned in phase Error with Argo's message (a
 * Secret that cannot be read: `Unable to resolve metric arguments: …`; an
 * invalid metric: `Analysis spec invalid: …`). `resolved` holds the
 * argument values, Secret ones included, for the first round of
 * measurements; keep it in memory only.
 */
export async function newAnalysisRun(
  input: RolloutAnalysisInput,
  context: ArgsContext,
  now: number,
): Promise<{
  run?: AnalysisRunState;
  resolved?: ResolvedArgs;
  errors: string[];
}> {
  const flat = flattenTemplates(input.templates);
  if (!flat.template) return { errors: flat.errors };
  const merged = mergeArgs(flat.template.args, input.args ?? [], context);
  if (!merged.args) return { errors: merged.errors };
  const dryRun = [...(input.dryRun ?? []), ...flat.template.dryRun];
  const measurementRetention = [
    ...(input.measurementRetention ?? []),
    ...flat.template.measurementRetention,
  ];
  const duplicates = duplicateRules(dryRun, measurementRetention);
  if (duplicates.length > 0) return { errors: duplicates };

  const run = createAnalysisRun(
    {
      metrics: flat.template.metrics,
      args: merged.args,
      dryRun,
      measurementRetention,
    },
    now,
  );
  const secrets = await readSecretArgs(merged.args, context.readSecret);
  if (secrets.error !== undefined) {
    return {
      run: failAnalysisRun(
        run,
        `Unable to resolve metric arguments: ${secrets.error}`,
        now,
      ),
      errors: [],
    };
  }
  return {
    run,
    resolved: {
      values: argValues(merged.args, secrets.values),
      secretNames: merged.args.filter(a => a.secretKeyRef).map(a => a.name),
      args: merged.args,
    },
    errors: [],
  };
}
