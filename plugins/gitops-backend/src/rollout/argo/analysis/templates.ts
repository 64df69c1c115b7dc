import type {
  AnalysisMetric,
  AnalysisTemplateRef,
  AnalysisTemplateSpec,
  DryRunRule,
  MeasurementRetentionRule,
  TemplateArgument,
} from './types';

/** Finds a template a Rollout or another template references; undefined when there is none. */
export type TemplateLookup = (
  ref: AnalysisTemplateRef,
) => AnalysisTemplateSpec | undefined;

const kindOf = (ref: AnalysisTemplateRef) =>
  ref.clusterScope ? 'ClusterAnalysisTemplate' : 'AnalysisTemplate';

/**
 * The templates a list of references brings in, as Argo's
 * `getAnalysisTemplatesFromRefs` collects them: each template, then those it
 * references in turn; a template referenced more than once is kept once;
 * AnalysisTemplates first, then ClusterAnalysisTemplates (the order their
 * metrics run in). A missing template or a reference cycle is an error.
 */
export function collectTemplates(
  refs: AnalysisTemplateRef[],
  lookup: TemplateLookup,
): { templates: AnalysisTemplateSpec[]; errors: string[] } {
  const namespaced: AnalysisTemplateSpec[] = [];
  const cluster: AnalysisTemplateSpec[] = [];
  const errors: string[] = [];
  const walk = (list: AnalysisTemplateRef[], path: string[]) => {
    for (const ref of list) {
      const key = `${kindOf(ref)} ${ref.templateName}`;
      if (path.includes(key)) {
        errors.push(`templates: reference cycle ${[...path, key].join(' → ')}`);
        continue;
      }
      const template = lookup(ref);
      if (!template) {
        errors.push(`${kindOf(ref)} "${ref.templateName}" not found`);
        continue;
      }
      (ref.clusterScope ? cluster : namespaced).push(template);
      walk(template.templates, [...path, key]);
    }
  };
  walk(refs, []);
  const unique = (list: AnalysisTemplateSpec[]) =>
    list.filter((t, i) => list.findIndex(u => u.name === t.name) === i);
  return { templates: [...unique(namespaced), ...unique(cluster)], errors };
}

export interface FlatTemplate {
  metrics: AnalysisMetric[];
  args: TemplateArgument[];
  dryRun: DryRunRule[];
  measurementRetention: MeasurementRetentionRule[];
}

/** Argo's `validateDryRunMetrics` and `validateMeasurementRetentionMetrics`. */
export function duplicateRules(
  dryRun: DryRunRule[],
  retention: MeasurementRetentionRule[],
): string[] {
  const errors: string[] = [];
  const seen = (rules: { metricName: string }[], what: string) => {
    const names = new Set<string>();
    for (const { metricName } of rules) {
      if (names.has(metricName)) {
        errors.push(
          `two ${what} metric rules have the same name '${metricName}'`,
        );
      }
      names.add(metricName);
    }
  };
  seen(dryRun, 'Dry-Run');
  seen(retention, 'Measurement Retention');
  return errors;
}

/**
 * Argo's `flattenArgs`: one entry per name. The same name with two
 * different values is an error; a later declaration replaces one without a
 * value, and an earlier value is kept over a later declaration without one.
 */
export function flattenArgs(lists: TemplateArgument[][]): {
  args: TemplateArgument[];
  errors: string[];
} {
  const args: TemplateArgument[] = [];
  const errors: string[] = [];
  for (const arg of lists.flat()) {
    const i = args.findIndex(a => a.name === arg.name);
    if (i < 0) {
      args.push(arg);
      continue;
    }
    const previous = args[i];
    if (
      previous.value !== undefined &&
      arg.value !== undefined &&
      previous.value !== arg.value
    ) {
      errors.push(
        `Argument \`${arg.name}\` specified multiple times with different values: '${previous.value}', '${arg.value}'`,
      );
    } else if (previous.value === undefined) {
      args[i] = arg;
    }
  }
  return { args, errors };
}

/**
 * Argo's `FlattenTemplates`: the templates' metrics, args, dry-run and
 * retention rules combined, in template order. Two metrics with one name,
 * or an argument with two values, are errors, in Argo's words.
 */
export function flattenTemplates(templates: AnalysisTemplateSpec[]): {
  template?: FlatTemplate;
  errors: string[];
} {
  const metrics = templates.flatMap(t => t.metrics);
  const errors: string[] = [];
  const names = new Set<string>();
  for (const metric of metrics) {
    if (names.has(metric.name)) {
      errors.push(`two metrics have the same name '${metric.name}'`);
    }
    names.add(metric.name);
  }
  const dryRun = templates.flatMap(t => t.dryRun);
  const measurementRetention = templates.flatMap(t => t.measurementRetention);
  errors.push(...duplicateRules(dryRun, measurementRetention));
  const args = flattenArgs(templates.map(t => t.args));
  errors.push(...args.errors);
  if (errors.length > 0) return { errors };
  return {
    template: { metrics, args: args.args, dryRun, measurementRetention },
    errors,
  };
}
