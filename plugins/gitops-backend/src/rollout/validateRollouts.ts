import { SLIPWAY_ANNOTATIONS } from '@slipway/plugin-gitops-common';
import {
  checkDestination,
  KubernetesObject,
} from '@slipway/plugin-gitops-node';
import { findTargetConflicts, parseRolloutDocument } from './spec';
import type { ParseOptions, RolloutSpec } from './spec';
import { isArgoRollout, validateArgoRollout } from './argo/validateArgoRollout';
import type { RolloutApp, RolloutRecord } from './rolloutRecord';

export type { RolloutApp, RolloutRecord } from './rolloutRecord';

const CANARY = SLIPWAY_ANNOTATIONS.canary;

/**
 * Parses every rollout document rendered for an app and checks each against
 * the app: its target must be one of the app's manifests and the workload the
 * canary annotation names; two documents may not share a target; an
 * annotation needs a document. Pure and never throws on bad input.
 */
export function validateRollouts(
  app: RolloutApp,
  manifests: KubernetesObject[],
  rolloutDocuments: KubernetesObject[],
  options: ParseOptions = {},
): RolloutRecord[] {
  // MetricTemplates, AlertProviders and AnalysisTemplates travel beside
  // them; the engine reads those.
  const documents = rolloutDocuments.filter(
    d => d.kind === 'Canary' || (d.kind === 'Rollout' && !isArgoRollout(d)),
  );
  const argoRollouts = rolloutDocuments.filter(isArgoRollout);
  const clusterProvider =
    app.cluster && options.clusterProviders?.[app.cluster];
  const parseOptions = clusterProvider
    ? { ...options, defaultProvider: clusterProvider }
    : options;
  const records = documents.map((doc): RolloutRecord => {
    const parsed = parseRolloutDocument(doc, parseOptions);
    // The engine needs the namespace the target lives in, also after a restart.
    if (parsed.spec && !parsed.spec.source.namespace)
      parsed.spec.source.namespace = app.namespace;
    // The sync engine leaves the live replicas to the engine, which needs the declared ones.
    const replicas =
      parsed.spec &&
      targetManifest(app, parsed.spec, manifests)?.spec?.replicas;
    if (parsed.spec && typeof replicas === 'number')
      parsed.spec.targetReplicas = replicas;
    const record = {
      name: doc.metadata?.name ?? '',
      kind: doc.kind ?? '',
      spec: parsed.spec,
      errors: [...parsed.errors],
      warnings: parsed.warnings,
    };
    if (parsed.spec) {
      record.errors.push(
        ...checkTarget(app, parsed.spec, manifests),
        ...checkTenancy(app, parsed.spec),
      );
    }
    return record;
  });

  // Attribute each conflict to the document that claims an owned target.
  const specs: RolloutSpec[] = [];
  let seen = 0;
  for (const record of records) {
    if (!record.spec) continue;
    specs.push(record.spec);
    const conflicts = findTargetConflicts(specs);
    record.errors.push(...conflicts.slice(seen));
    seen = conflicts.length;
  }

  records.push(
    ...argoRollouts.map(doc =>
      validateArgoRollout(app, doc, manifests, rolloutDocuments),
    ),
  );
  if (app.canary !== undefined && records.length === 0) {
    records.push({
      name: app.canary,
      kind: '',
      errors: [
        `${CANARY}: names '${app.canary}', but the app renders no flagger.app/v1beta1 Canary, slipway.dev/v1alpha1 Rollout or argoproj.io/v1alpha1 Rollout`,
      ],
      warnings: [],
    });
  }
  return records;
}

function targetManifest(
  app: RolloutApp,
  spec: RolloutSpec,
  manifests: KubernetesObject[],
): (KubernetesObject & { spec?: { replicas?: unknown } }) | undefined {
  const { kind, name } = spec.targetRef;
  const namespace =
    spec.targetRef.namespace ?? spec.source.namespace ?? app.namespace;
  return manifests.find(
    m =>
      m.kind === kind &&
      m.metadata?.name === name &&
      (m.metadata.namespace ?? app.namespace) === namespace,
  );
}

function checkTarget(
  app: RolloutApp,
  spec: RolloutSpec,
  manifests: KubernetesObject[],
) {
  const { kind, name } = spec.targetRef;
  const namespace =
    spec.targetRef.namespace ?? spec.source.namespace ?? app.namespace;
  const errors: string[] = [];
  const found = targetManifest(app, spec, manifests) !== undefined;
  if (!found) {
    errors.push(
      `spec.targetRef: ${kind} ${namespace}/${name} is not among the app's manifests`,
    );
  }
  if (app.canary === undefined) {
    errors.push(
      `spec.targetRef: ${kind} ${name} is not the entity's canary workload: the ${CANARY} annotation is not set`,
    );
  } else if (name !== app.canary) {
    errors.push(
      `spec.targetRef: ${kind} ${name} is not the entity's canary workload '${app.canary}' (${CANARY})`,
    );
  }
  return errors;
}

/**
 * What the engine would refuse at run time, named up front: a namespace
 * outside the project's destinations, and MetricTemplate or AlertProvider
 * references to another namespace (they resolve only in the rollout's own).
 */
function checkTenancy(app: RolloutApp, spec: RolloutSpec): string[] {
  const namespace =
    spec.targetRef.namespace ?? spec.source.namespace ?? app.namespace;
  const errors: string[] = [];
  if (app.project && app.cluster) {
    const denial = checkDestination(app.project, app.cluster, namespace);
    if (denial)
      errors.push(`spec.targetRef: ${denial.message} (rule: ${denial.rule})`);
  }
  spec.analysis.metrics.forEach((metric, i) => {
    const ref = metric.templateRef?.namespace;
    if (ref !== undefined && ref !== namespace) {
      errors.push(
        `spec.analysis.metrics[${i}].templateRef.namespace: '${ref}' is outside the rollout's namespace '${namespace}': MetricTemplates resolve only there`,
      );
    }
  });
  spec.analysis.alerts.forEach((alert, i) => {
    const ref = alert.providerRef.namespace;
    if (ref !== undefined && ref !== namespace) {
      errors.push(
        `spec.analysis.alerts[${i}].providerRef.namespace: '${ref}' is outside the rollout's namespace '${namespace}': AlertProviders resolve only there`,
      );
    }
  });
  return errors;
}
