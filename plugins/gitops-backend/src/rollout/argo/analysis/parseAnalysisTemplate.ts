import type { ZodIssue } from 'zod';
import { formatPath, issueMessages } from '../../spec/issues';
import { dropUnset, nullsAsUnset } from '../spec/nulls';
import { checkProvider } from './checkProvider';
import type { Findings } from './checkProvider';
import { analysisTemplateDocument } from './schema';
import type { AnalysisTemplateDocument, MetricInput } from './schema';
import { duplicateRules, flattenArgs } from './templates';
import type {
  AnalysisMetric,
  AnalysisTemplateParseResult,
  AnalysisTemplateSpec,
  MetricProvider,
} from './types';
import { validateMetric } from './validateMetric';

const KINDS = ['AnalysisTemplate', 'ClusterAnalysisTemplate'];

function regexProblem(pattern: string): string | undefined {
  try {
    RegExp(pattern);
    return undefined;
  } catch (error) {
    return `invalid regular expression: ${(error as Error).message}`;
  }
}

const matches = (pattern: string, name: string) => {
  try {
    return new RegExp(pattern).test(name);
  } catch {
    return false;
  }
};

function checkMetrics(spec: AnalysisTemplateDocument['spec'], found: Findings) {
  const names = new Set<string>();
  (spec.metrics ?? []).forEach((metric, i) => {
    const path = `spec.metrics[${i}]`;
    if (names.has(metric.name))
      found.error(`${path}.name`, `duplicate name '${metric.name}'`);
    names.add(metric.name);
    for (const issue of validateMetric(metric as AnalysisMetric)) {
      found.error(
        formatPath(['spec', 'metrics', i, ...issue.path]),
        issue.message,
      );
    }
    checkProvider(metric.provider, `${path}.provider`, found);
  });
}

function checkArgs(spec: AnalysisTemplateDocument['spec'], found: Findings) {
  const args = spec.args ?? [];
  args.forEach((arg, i) => {
    const path = `spec.args[${i}]`;
    const from = arg.valueFrom;
    if (!from) return;
    if (arg.value !== undefined)
      found.error(
        path,
        `arg '${arg.name}' has both Value and ValueFrom fields`,
      );
    if (from.secretKeyRef && from.fieldRef)
      found.error(
        `${path}.valueFrom`,
        'set secretKeyRef or fieldRef, not both',
      );
    else if (!from.secretKeyRef && !from.fieldRef)
      found.error(`${path}.valueFrom`, 'must set secretKeyRef or fieldRef');
    if (from.secretKeyRef) {
      if (!from.secretKeyRef.name)
        found.error(`${path}.valueFrom.secretKeyRef.name`, 'must not be empty');
      if (!from.secretKeyRef.key)
        found.error(`${path}.valueFrom.secretKeyRef.key`, 'must not be empty');
    }
    if (from.fieldRef && !from.secretKeyRef) {
      found.warn(
        `${path}.valueFrom.fieldRef`,
        `Argo Rollouts reads fieldRef only in a Rollout's analysis args: a run fails unless the Rollout passes ${arg.name}`,
      );
    }
  });
  // Within one template, as across templates: one value per name.
  const conflicts = flattenArgs([args]).errors;
  for (const conflict of conflicts) found.error('spec.args', conflict);
}

function checkRules(spec: AnalysisTemplateDocument['spec'], found: Findings) {
  const metricNames = (spec.metrics ?? []).map(m => m.name);
  const rules = [
    ['dryRun', spec.dryRun ?? []],
    ['measurementRetention', spec.measurementRetention ?? []],
  ] as const;
  for (const [field, list] of rules) {
    list.forEach((rule, i) => {
      const path = `spec.${field}[${i}]`;
      const problem = regexProblem(rule.metricName);
      if (problem) {
        found.error(`${path}.metricName`, problem);
      } else if (!metricNames.some(name => matches(rule.metricName, name))) {
        found.warn(
          `${path}.metricName`,
          "matches none of this template's metrics: a run fails unless a template used with it has one",
        );
      }
    });
  }
  for (const duplicate of duplicateRules(
    spec.dryRun ?? [],
    spec.measurementRetention ?? [],
  )) {
    found.error(
      duplicate.includes('Dry-Run')
        ? 'spec.dryRun'
        : 'spec.measurementRetention',
      duplicate,
    );
  }
  (spec.measurementRetention ?? []).forEach((rule, i) => {
    if (rule.limit <= 0)
      found.warn(
        `spec.measurementRetention[${i}].limit`,
        'keeps the default, 10 measurements, when 0 or less',
      );
  });
  (spec.templates ?? []).forEach((ref, i) => {
    if (ref.templateName === undefined)
      found.error(`spec.templates[${i}].templateName`, 'required');
  });
  if (
    (spec.metrics ?? []).length === 0 &&
    (spec.templates ?? []).length === 0
  ) {
    found.warn(
      'spec.metrics',
      'no metrics and no templates: a run of this template alone fails (no metrics specified)',
    );
  }
}

function toProvider(provider: MetricInput['provider']): MetricProvider {
  return provider.prometheus
    ? {
        prometheus: {
          ...provider.prometheus,
          query: provider.prometheus.query ?? '',
        },
      }
    : { web: { ...provider.web! } };
}

function build(doc: AnalysisTemplateDocument): AnalysisTemplateSpec {
  const { spec } = doc;
  return {
    kind: doc.kind,
    name: doc.metadata.name,
    namespace: doc.metadata.namespace,
    metrics: (spec.metrics ?? []).map(metric => {
      const { provider, ...rest } = metric;
      return { ...rest, provider: toProvider(provider) };
    }),
    args: spec.args ?? [],
    dryRun: spec.dryRun ?? [],
    measurementRetention: spec.measurementRetention ?? [],
    templates: (spec.templates ?? []).map(ref => ({
      templateName: ref.templateName ?? '',
      clusterScope: ref.clusterScope ?? false,
    })),
  };
}

const unique = (issues: ZodIssue[]) => [
  ...new Set(issues.flatMap(issueMessages)),
];

/**
 * Parses an Argo Rollouts `AnalysisTemplate` or `ClusterAnalysisTemplate`
 * (`argoproj.io/v1alpha1`) as read from git. Never throws: every problem is
 * a `path: message` line, e.g. `spec.metrics[0].interval: time: invalid
 * duration "5x"`. What the CRD refuses is refused (unknown fields
 * included), and so is what Argo would fail on every run (its
 * `ValidateMetric` rules, a body on a GET), and any provider but prometheus
 * and web, by name. A field set to null counts as not set, unless the CRD
 * does not declare it.
 */
export function parseAnalysisTemplate(
  doc: unknown,
): AnalysisTemplateParseResult {
  const head = (doc ?? {}) as { apiVersion?: unknown; kind?: unknown };
  if (
    head.apiVersion !== 'argoproj.io/v1alpha1' ||
    !KINDS.includes(head.kind as string)
  ) {
    return {
      errors: [
        `(document): expected argoproj.io/v1alpha1 AnalysisTemplate or ClusterAnalysisTemplate, got ${String(
          head.apiVersion,
        )} ${String(head.kind)}`,
      ],
      warnings: [],
    };
  }
  // A null counts as not set where the CRD declares the field, and as an
  // unknown field elsewhere, as the API server reads it (../spec/nulls.ts).
  const parsed = analysisTemplateDocument.safeParse(nullsAsUnset(doc));
  if (!parsed.success)
    return { errors: unique(parsed.error.issues), warnings: [] };
  const data = dropUnset(parsed.data);

  const errors: string[] = [];
  const warnings: string[] = [];
  const found: Findings = {
    error: (path, message) => errors.push(`${path}: ${message}`),
    warn: (path, message) => warnings.push(`${path}: ${message}`),
  };
  checkMetrics(data.spec, found);
  checkArgs(data.spec, found);
  checkRules(data.spec, found);
  if (errors.length > 0) return { errors: [...new Set(errors)], warnings };
  return { template: build(data), errors: [], warnings };
}
