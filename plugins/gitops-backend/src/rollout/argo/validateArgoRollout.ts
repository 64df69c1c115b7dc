import {
  checkDestination,
  type KubernetesObject,
} from '@slipway/plugin-gitops-node';
import type { RolloutApp, RolloutRecord } from '../rolloutRecord';
import {
  collectTemplates,
  parseAnalysisTemplate,
  type AnalysisTemplateSpec,
  type TemplateLookup,
} from './analysis';
import {
  argoAnalysisTemplateUses,
  argoManagedServices,
  ARGO_API_VERSION,
  parseArgoRollout,
  type ArgoRolloutSpec,
} from './spec';

const TEMPLATE_KINDS = ['AnalysisTemplate', 'ClusterAnalysisTemplate'];

/** True for an Argo Rollouts `Rollout`, `AnalysisTemplate` or `ClusterAnalysisTemplate`. */
export const isArgoDocument = (doc: KubernetesObject) =>
  doc.apiVersion === ARGO_API_VERSION &&
  (doc.kind === 'Rollout' || TEMPLATE_KINDS.includes(doc.kind ?? ''));

export const isArgoRollout = (doc: KubernetesObject) =>
  doc.apiVersion === ARGO_API_VERSION && doc.kind === 'Rollout';

/** The AnalysisTemplates and ClusterAnalysisTemplates rendered for an app, parsed. */
export function parseArgoTemplates(documents: unknown[]): {
  lookup: TemplateLookup;
  invalid: Map<string, string[]>;
} {
  const valid = new Map<string, AnalysisTemplateSpec>();
  const invalid = new Map<string, string[]>();
  for (const doc of documents as KubernetesObject[]) {
    if (doc?.apiVersion !== ARGO_API_VERSION) continue;
    if (!TEMPLATE_KINDS.includes(doc.kind ?? '')) continue;
    const key = `${doc.kind} ${doc.metadata?.name ?? ''}`;
    const parsed = parseAnalysisTemplate(doc);
    if (parsed.template) valid.set(key, parsed.template);
    else invalid.set(key, parsed.errors);
  }
  return {
    lookup: ref =>
      valid.get(
        `${ref.clusterScope ? 'ClusterAnalysisTemplate' : 'AnalysisTemplate'} ${
          ref.templateName
        }`,
      ),
    invalid,
  };
}

/**
 * Parses an Argo `Rollout` and checks it against the app, naming up front
 * what Argo's controller would only find at run time: a Service or
 * Deployment it uses that the app does not render, a template it cannot
 * find or parse, a namespace outside the project.
 */
export function validateArgoRollout(
  app: RolloutApp,
  doc: KubernetesObject,
  manifests: KubernetesObject[],
  documents: KubernetesObject[],
): RolloutRecord {
  const parsed = parseArgoRollout(doc);
  const record: RolloutRecord = {
    name: doc.metadata?.name ?? '',
    kind: 'Rollout',
    errors: [...parsed.errors],
    warnings: [...parsed.warnings],
  };
  const spec = parsed.spec;
  if (!spec) return record;
  spec.source.namespace ??= app.namespace;
  const namespace = spec.source.namespace;
  record.argo = spec;
  const has = (kind: string, name: string) =>
    manifests.some(
      m =>
        m.kind === kind &&
        m.metadata?.name === name &&
        (m.metadata?.namespace ?? app.namespace) === namespace,
    );
  if (app.project && app.cluster) {
    const denial = checkDestination(app.project, app.cluster, namespace);
    if (denial)
      record.errors.push(
        `metadata.namespace: ${denial.message} (rule: ${denial.rule})`,
      );
  }
  if (app.canary === undefined) {
    record.errors.push(
      `metadata.name: Rollout ${record.name} is not the entity's canary workload: the slipway.dev/canary annotation is not set`,
    );
  } else if (record.name !== app.canary) {
    record.errors.push(
      `metadata.name: Rollout ${record.name} is not the entity's canary workload '${app.canary}' (slipway.dev/canary)`,
    );
  }
  if (spec.workloadRef && !has('Deployment', spec.workloadRef.name)) {
    record.errors.push(
      `spec.workloadRef: Deployment ${namespace}/${spec.workloadRef.name} is not among the app's manifests`,
    );
  }
  for (const { role, name } of argoManagedServices(spec)) {
    if (!has('Service', name))
      record.errors.push(
        `spec.strategy.${spec.strategy.kind}.${role}Service: Service ${namespace}/${name} is not among the app's manifests`,
      );
  }
  record.errors.push(...checkTemplates(spec, documents));
  return record;
}

function checkTemplates(
  spec: ArgoRolloutSpec,
  documents: KubernetesObject[],
): string[] {
  const { lookup, invalid } = parseArgoTemplates(documents);
  const errors = new Set<string>();
  for (const use of argoAnalysisTemplateUses(spec)) {
    const key = `${use.templateKind} ${use.templateName}`;
    const problems = invalid.get(key);
    if (problems) {
      errors.add(`${key} is invalid: ${problems.join('; ')}`);
      continue;
    }
    for (const error of collectTemplates([use], lookup).errors)
      errors.add(
        error.endsWith('not found')
          ? `${error} among the app's documents`
          : error,
      );
  }
  return [...errors];
}
