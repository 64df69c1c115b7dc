import {
  labelKeyProblem,
  labelMapProblems,
  labelValueProblem,
  selectorMatches,
} from './labels';
import { GATEWAY_API_PLUGIN, gatewayApiConfig } from './schema';
import type {
  AntiAffinityInput,
  ArgoRolloutSpecInput,
  BlueGreenInput,
  CanaryInput,
  RolloutAnalysisInput,
  StepInput,
} from './schema';
import { argoDefaults } from './defaults';

/*
 * Checks across fields, after the schema has passed. Most are the
 * controller's (`pkg/apis/rollouts/validation/validation.go` and the
 * reference checks in `validation_references.go` / `rollout/controller.go`,
 * v1.8.3), with Argo's wording where it helps; the few Slipway adds, where
 * Argo would accept a document and then fail or do nothing at run time,
 * say so in a comment.
 */

type Report = (path: string, message: string) => void;

interface Reporter {
  error: Report;
  warn: Report;
}

export function checkArgoRules(spec: ArgoRolloutSpecInput): {
  errors: string[];
  warnings: string[];
} {
  const errors: string[] = [];
  const warnings: string[] = [];
  const report: Reporter = {
    error: (path, message) => errors.push(`spec.${path}: ${message}`),
    warn: (path, message) => warnings.push(`spec.${path}: ${message}`),
  };
  checkWorkload(spec, report);
  const { canary, blueGreen } = spec.strategy ?? {};
  if (!canary && !blueGreen) {
    report.error('strategy', 'must set canary or blueGreen');
  } else if (canary && blueGreen) {
    report.error('strategy', 'must set only one of canary and blueGreen');
  } else if (canary) {
    checkCanary(canary, report);
  } else if (blueGreen) {
    checkBlueGreen(spec, blueGreen, report);
  }
  return { errors, warnings };
}

function checkWorkload(spec: ArgoRolloutSpecInput, { error }: Reporter) {
  const { workloadRef, template, selector } = spec;
  if (workloadRef) {
    // templateref.go: "template must be empty for workload reference rollout".
    if (template && Object.keys(template).length > 0) {
      error('template', 'must be left out when spec.workloadRef is set');
    }
    checkWorkloadRef(workloadRef, error);
  } else {
    if (!selector) error('selector', 'required (or set spec.workloadRef)');
    if (!template) error('template', 'required (or set spec.workloadRef)');
    else if (!template.spec) error('template.spec', 'required');
  }

  let selectorValid = false;
  if (selector) selectorValid = checkSelector(selector, error);

  if (template) {
    const labels = template.metadata?.labels ?? {};
    for (const [key, problem] of labelMapProblems(labels)) {
      error(`template.metadata.labels.${key}`, problem);
    }
    if (
      selector &&
      selectorValid &&
      !selectorMatches(
        {
          matchLabels: selector.matchLabels ?? {},
          matchExpressions: (selector.matchExpressions ?? []).map(e => ({
            ...e,
            values: e.values ?? [],
          })),
        },
        labels,
      )
    ) {
      error('template.metadata.labels', 'must match spec.selector');
    }
    const podSpec = template.spec;
    if (
      podSpec?.restartPolicy !== undefined &&
      podSpec.restartPolicy !== 'Always'
    ) {
      error(
        'template.spec.restartPolicy',
        `must be "Always" (the only policy a ReplicaSet allows), got ${JSON.stringify(
          podSpec.restartPolicy,
        )}`,
      );
    }
    if (podSpec?.activeDeadlineSeconds !== undefined) {
      error(
        'template.spec.activeDeadlineSeconds',
        'not allowed in a ReplicaSet pod template',
      );
    }
  }

  const minReady = spec.minReadySeconds ?? 0;
  const deadline =
    spec.progressDeadlineSeconds ?? argoDefaults.progressDeadlineSeconds;
  if (deadline <= minReady) {
    error(
      'progressDeadlineSeconds',
      `must be greater than minReadySeconds (${minReady})${
        spec.progressDeadlineSeconds === undefined
          ? `; the default is ${deadline}`
          : ''
      }`,
    );
  }
}

function checkWorkloadRef(
  ref: NonNullable<ArgoRolloutSpecInput['workloadRef']>,
  error: Report,
) {
  const group = (ref.apiVersion ?? '').includes('/')
    ? ref.apiVersion!.split('/')[0]
    : '';
  if (!ref.kind) {
    error('workloadRef.kind', 'required: Deployment');
  } else if (
    (ref.kind === 'ReplicaSet' && group === 'apps') ||
    (ref.kind === 'PodTemplate' && group === '')
  ) {
    // Argo reads the template from these too; Slipway only from a Deployment.
    error(
      'workloadRef.kind',
      `${ref.kind} workloads are not supported by Slipway, only apps/v1 Deployment`,
    );
  } else if (ref.kind !== 'Deployment') {
    // templateref.go: "workload of type %s/%s is not supported".
    error(
      'workloadRef.kind',
      `workload of type ${JSON.stringify(
        ref.kind,
      )} is not supported, only Deployment`,
    );
  } else if (ref.apiVersion !== 'apps/v1') {
    error(
      'workloadRef.apiVersion',
      ref.apiVersion === undefined
        ? 'required: apps/v1'
        : `must be "apps/v1" for a Deployment, got ${JSON.stringify(
            ref.apiVersion,
          )}`,
    );
  }
  if (!ref.name) error('workloadRef.name', 'required');
}

/** apimachinery's ValidateLabelSelector, plus Argo's "empty selector is invalid"; true when valid. */
function checkSelector(
  selector: NonNullable<ArgoRolloutSpecInput['selector']>,
  error: Report,
): boolean {
  let valid = true;
  const fail: Report = (path, message) => {
    valid = false;
    error(path, message);
  };
  const labels = selector.matchLabels ?? {};
  const expressions = selector.matchExpressions ?? [];
  if (Object.keys(labels).length + expressions.length === 0) {
    fail('selector', 'must not be empty: it would select every pod');
  }
  for (const [key, problem] of labelMapProblems(labels)) {
    fail(`selector.matchLabels.${key}`, problem);
  }
  expressions.forEach((expression, i) => {
    const at = `selector.matchExpressions[${i}]`;
    const keyProblem = labelKeyProblem(expression.key);
    if (keyProblem) fail(`${at}.key`, keyProblem);
    const values = expression.values ?? [];
    const needsValues =
      expression.operator === 'In' || expression.operator === 'NotIn';
    if (needsValues && values.length === 0) {
      fail(
        `${at}.values`,
        `must not be empty for operator ${expression.operator}`,
      );
    }
    if (!needsValues && values.length > 0) {
      fail(`${at}.values`, `must be empty for operator ${expression.operator}`);
    }
    values.forEach((value, j) => {
      const problem = labelValueProblem(value);
      if (problem) fail(`${at}.values[${j}]`, problem);
    });
  });
  return valid;
}

function checkAntiAffinity(
  path: string,
  antiAffinity: AntiAffinityInput | undefined,
  error: Report,
) {
  if (!antiAffinity) return;
  const preferred =
    antiAffinity.preferredDuringSchedulingIgnoredDuringExecution;
  const required = antiAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  if ((preferred === undefined) === (required === undefined)) {
    error(
      path,
      'must set exactly one of preferredDuringSchedulingIgnoredDuringExecution and requiredDuringSchedulingIgnoredDuringExecution',
    );
  }
  if (preferred && (preferred.weight < 1 || preferred.weight > 100)) {
    error(
      `${path}.preferredDuringSchedulingIgnoredDuringExecution.weight`,
      'must be between 1 and 100',
    );
  }
}

// k8s.io/kubernetes/pkg/fieldpath.ExtractFieldPathAsString, which Argo uses for `metadata…` paths.
const METADATA_FIELDS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'metadata.labels',
  'metadata.annotations',
];
const SUBSCRIPTED = /^(metadata\.labels|metadata\.annotations)\['(.*)'\]$/;

function metadataFieldPathProblem(fieldPath: string): string | undefined {
  if (!fieldPath.startsWith('metadata')) return undefined;
  if (METADATA_FIELDS.includes(fieldPath)) return undefined;
  const subscripted = SUBSCRIPTED.exec(fieldPath);
  if (subscripted) {
    const key =
      subscripted[1] === 'metadata.annotations'
        ? subscripted[2].toLowerCase()
        : subscripted[2];
    const problem = labelKeyProblem(key);
    return problem
      ? `invalid key subscript in ${fieldPath}: ${problem}`
      : undefined;
  }
  return `unsupported field path ${JSON.stringify(
    fieldPath,
  )}: use metadata.name, metadata.namespace, metadata.uid, metadata.labels['key'] or metadata.annotations['key']`;
}

/**
 * Argo checks `fieldRef` paths of step analyses when it validates the
 * rollout and the others when it starts the run; Slipway checks all of
 * them up front.
 */
function checkAnalysis(
  path: string,
  analysis: RolloutAnalysisInput | undefined,
  error: Report,
) {
  analysis?.args?.forEach((arg, i) => {
    const at = `${path}.args[${i}]`;
    // The CRD calls them one-of; Argo lets valueFrom win silently.
    if (arg.value !== undefined && arg.valueFrom !== undefined) {
      error(at, 'set value or valueFrom, not both');
    }
    const from = arg.valueFrom;
    if (!from) return;
    if (
      (from.podTemplateHashValue === undefined) ===
      (from.fieldRef === undefined)
    ) {
      error(
        `${at}.valueFrom`,
        'must set exactly one of podTemplateHashValue and fieldRef',
      );
    }
    if (from.fieldRef) {
      const problem = metadataFieldPathProblem(from.fieldRef.fieldPath);
      if (problem) error(`${at}.valueFrom.fieldRef.fieldPath`, problem);
    }
  });
}

function checkBlueGreen(
  spec: ArgoRolloutSpecInput,
  blueGreen: BlueGreenInput,
  { error, warn }: Reporter,
) {
  const at = 'strategy.blueGreen';
  if (blueGreen.activeService === '') {
    error(`${at}.activeService`, 'must not be empty');
  } else if (blueGreen.activeService === blueGreen.previewService) {
    error(
      `${at}.activeService`,
      'must differ from previewService: two different services are required',
    );
  }
  const historyLimit =
    spec.revisionHistoryLimit ?? argoDefaults.revisionHistoryLimit;
  if (
    blueGreen.scaleDownDelayRevisionLimit !== undefined &&
    blueGreen.scaleDownDelayRevisionLimit > historyLimit
  ) {
    error(
      `${at}.scaleDownDelayRevisionLimit`,
      `must not be greater than spec.revisionHistoryLimit (${historyLimit})`,
    );
  }
  if (
    blueGreen.autoPromotionEnabled === false &&
    blueGreen.autoPromotionSeconds !== undefined
  ) {
    // Argo ignores it, as its documentation says.
    warn(
      `${at}.autoPromotionSeconds`,
      'ignored: autoPromotionEnabled is false',
    );
  }
  checkAntiAffinity(`${at}.antiAffinity`, blueGreen.antiAffinity, error);
  checkAnalysis(
    `${at}.prePromotionAnalysis`,
    blueGreen.prePromotionAnalysis,
    error,
  );
  checkAnalysis(
    `${at}.postPromotionAnalysis`,
    blueGreen.postPromotionAnalysis,
    error,
  );
}

/** Kubernetes' reading of maxSurge/maxUnavailable for the both-zero check (getIntOrPercentValue). */
function intOrPercentValue(value: number | string): number {
  return typeof value === 'number' ? value : parseInt(value, 10);
}

type Routing = NonNullable<CanaryInput['trafficRouting']>;

/** Routers named under trafficRouting, in Argo's spelling. */
function routersOf(routing: Routing): string[] {
  const routers: string[] = [];
  if (routing.nginx) routers.push('nginx');
  if (routing.istio) routers.push('istio');
  if (routing.apisix) routers.push('apisix');
  if (routing.smi) routers.push('smi');
  for (const name of Object.keys(routing.plugins ?? {})) {
    routers.push(`plugins.${name}`);
  }
  return routers;
}

function checkCanary(canary: CanaryInput, report: Reporter) {
  const { error, warn } = report;
  const at = 'strategy.canary';
  const routing = canary.trafficRouting;

  const surge = intOrPercentValue(canary.maxSurge ?? argoDefaults.maxSurge);
  const unavailable = intOrPercentValue(
    canary.maxUnavailable ?? argoDefaults.maxUnavailable,
  );
  if (surge === 0 && unavailable === 0) {
    error(`${at}.maxSurge`, 'maxSurge and maxUnavailable cannot both be 0');
  }
  if (
    canary.canaryService &&
    canary.stableService &&
    canary.canaryService === canary.stableService
  ) {
    error(
      `${at}.stableService`,
      'must differ from canaryService: two different services are required',
    );
  }

  if (routing) {
    checkTrafficRouting(canary, routing, report);
  } else {
    if (canary.scaleDownDelaySeconds !== undefined) {
      error(
        `${at}.scaleDownDelaySeconds`,
        'can only be used with trafficRouting',
      );
    }
    if (canary.dynamicStableScale) {
      error(`${at}.dynamicStableScale`, 'can only be used with trafficRouting');
    }
    if (canary.abortScaleDownDelaySeconds !== undefined) {
      warn(
        `${at}.abortScaleDownDelaySeconds`,
        'ignored without trafficRouting: an aborted basic canary rolls back by a rolling update',
      );
    }
    if (canary.minPodsPerReplicaSet !== undefined) {
      warn(`${at}.minPodsPerReplicaSet`, 'ignored without trafficRouting');
    }
  }

  const steps = canary.steps ?? [];
  steps.forEach((step, i) => checkStep(canary, step, i, report));

  const startingStep = canary.analysis?.startingStep;
  // Argo accepts any value; one past the last step means the analysis never starts.
  if (
    startingStep !== undefined &&
    (startingStep < 0 || startingStep >= Math.max(steps.length, 1))
  ) {
    error(
      `${at}.analysis.startingStep`,
      steps.length === 0
        ? 'must be 0 when there are no steps'
        : `must be between 0 and ${steps.length - 1}: ${
            steps.length === 1
              ? 'there is 1 step'
              : `there are ${steps.length} steps`
          }, and a later start would never come`,
    );
  }
  checkAnalysis(`${at}.analysis`, canary.analysis, error);
  checkAntiAffinity(`${at}.antiAffinity`, canary.antiAffinity, error);
}

function checkTrafficRouting(
  canary: CanaryInput,
  routing: Routing,
  { error, warn }: Reporter,
) {
  const at = 'strategy.canary.trafficRouting';
  const routers = routersOf(routing);
  // Argo accepts a trafficRouting that names no router and then shifts no traffic.
  if (routers.length === 0) {
    error(
      'strategy.canary.trafficRouting',
      'must configure a traffic router: nginx, istio, apisix, smi or plugins',
    );
  }

  // requireCanaryStableServices; the Gateway API plugin finds its backends by these names too.
  const needing = routers.filter(
    router =>
      router === 'nginx' ||
      router === 'smi' ||
      router === 'apisix' ||
      (router === 'istio' && !routing.istio?.destinationRule) ||
      router === `plugins.${GATEWAY_API_PLUGIN}`,
  );
  if (needing.length > 0) {
    for (const field of ['canaryService', 'stableService'] as const) {
      if (!canary[field]) {
        error(
          `strategy.canary.${field}`,
          `required for traffic routing with ${needing.join(', ')}`,
        );
      }
    }
  }

  if (routing.istio) {
    const { virtualService, virtualServices } = routing.istio;
    // ValidateRolloutVirtualServicesConfig.
    if ((virtualService === undefined) === (virtualServices === undefined)) {
      error(
        `${at}.istio`,
        'must set exactly one of virtualService and virtualServices',
      );
    } else if (virtualServices?.length === 0) {
      error(`${at}.istio.virtualServices`, 'must not be empty');
    }
  }
  if (routing.nginx) {
    const { stableIngress, stableIngresses } = routing.nginx;
    // ValidateRolloutNginxIngressesConfig; an empty stableIngress counts as unset.
    if (!!stableIngress === (stableIngresses !== undefined)) {
      error(
        `${at}.nginx`,
        'must set exactly one of stableIngress and stableIngresses',
      );
    } else if (stableIngresses?.length === 0) {
      error(`${at}.nginx.stableIngresses`, 'must not be empty');
    }
  }
  if (routing.apisix && !routing.apisix.route) {
    // Argo's APISIX router has nothing to change without it.
    error(`${at}.apisix.route`, 'required');
  }
  const gateway = routing.plugins?.[GATEWAY_API_PLUGIN];
  if (gateway !== undefined) {
    const config = gatewayApiConfig.parse(gateway);
    if (!config.httpRoute && !config.httpRoutes?.length) {
      error(
        `${at}.plugins.${GATEWAY_API_PLUGIN}`,
        'must name an HTTPRoute in httpRoute or httpRoutes',
      );
    }
  }

  if (canary.scaleDownDelaySeconds !== undefined && canary.dynamicStableScale) {
    error(
      'strategy.canary.dynamicStableScale',
      'cannot be combined with scaleDownDelaySeconds',
    );
  }
  if (
    routing.maxTrafficWeight !== undefined &&
    !routing.nginx &&
    Object.keys(routing.plugins ?? {}).length === 0
  ) {
    error(
      `${at}.maxTrafficWeight`,
      'only supported with nginx and traffic router plugins',
    );
  }
  const managed = new Set<string>();
  (routing.managedRoutes ?? []).forEach(({ name }, i) => {
    if (managed.has(name)) {
      warn(`${at}.managedRoutes[${i}].name`, `duplicate route "${name}"`);
    }
    managed.add(name);
  });
}

const EXCLUSIVE_ACTIONS = ['setWeight', 'pause', 'analysis'] as const;
const ACTIONS = [
  ...EXCLUSIVE_ACTIONS,
  'setCanaryScale',
  'setHeaderRoute',
] as const;

function checkStep(
  canary: CanaryInput,
  step: StepInput,
  i: number,
  { error, warn }: Reporter,
) {
  const at = `strategy.canary.steps[${i}]`;
  const routing = canary.trafficRouting;
  const maxWeight = routing?.maxTrafficWeight ?? argoDefaults.maxTrafficWeight;

  const set = ACTIONS.filter(action => step[action] !== undefined);
  if (set.length === 0) {
    error(at, `must set one of ${ACTIONS.join(', ')}`);
  }
  // hasMultipleStepsType: these exclude each other; setCanaryScale and setHeaderRoute may join them.
  const exclusive = EXCLUSIVE_ACTIONS.filter(
    action => step[action] !== undefined,
  );
  if (exclusive.length > 1) {
    error(
      at,
      `must set only one of setWeight, pause and analysis, got ${exclusive.join(
        ' and ',
      )}`,
    );
  }

  if (
    step.setWeight !== undefined &&
    (step.setWeight < 0 || step.setWeight > maxWeight)
  ) {
    error(`${at}.setWeight`, `must be between 0 and ${maxWeight}`);
  }

  const scale = step.setCanaryScale;
  if (scale) {
    if (!routing) {
      error(`${at}.setCanaryScale`, 'requires trafficRouting');
    }
    // Argo does not bound it; the weight is a share of spec.replicas out of maxTrafficWeight.
    if (scale.weight !== undefined && scale.weight > maxWeight) {
      error(
        `${at}.setCanaryScale.weight`,
        `must be between 0 and ${maxWeight}`,
      );
    }
    const given = (
      ['matchTrafficWeight', 'replicas', 'weight'] as const
    ).filter(field =>
      field === 'matchTrafficWeight'
        ? scale.matchTrafficWeight === true
        : scale[field] !== undefined,
    );
    if (given.length > 1) {
      warn(
        `${at}.setCanaryScale`,
        `sets ${given.join(' and ')}; as in Argo Rollouts, ${given[0]} wins`,
      );
    }
  }

  const header = step.setHeaderRoute;
  if (header) {
    const pluginNames = Object.keys(routing?.plugins ?? {});
    if (
      !routing ||
      (!routing.istio && !routing.apisix && pluginNames.length === 0)
    ) {
      error(
        `${at}.setHeaderRoute`,
        'requires trafficRouting with istio, apisix or a traffic router plugin',
      );
    } else if (!routing.managedRoutes) {
      error(
        'strategy.canary.trafficRouting.managedRoutes',
        `required by the setHeaderRoute at steps[${i}]`,
      );
    } else if (!routing.managedRoutes.some(r => r.name === header.name)) {
      error(
        `${at}.setHeaderRoute.name`,
        `${JSON.stringify(
          header.name ?? '',
        )} is not listed in trafficRouting.managedRoutes`,
      );
    }
    header.match?.forEach((match, j) => {
      const values = (['exact', 'regex', 'prefix'] as const).filter(
        field => !!match.headerValue[field],
      );
      if (values.length !== 1) {
        error(
          `${at}.setHeaderRoute.match[${j}].headerValue`,
          'must set exactly one of exact, regex, prefix',
        );
      }
    });
    const gateway = routing?.plugins?.[GATEWAY_API_PLUGIN];
    if (gateway !== undefined && header.match?.length) {
      const config = gatewayApiConfig.parse(gateway);
      const takesHeaders =
        !!config.httpRoute || !!config.httpRoutes?.some(r => r.useHeaderRoutes);
      if (!takesHeaders) {
        warn(
          `${at}.setHeaderRoute`,
          `no HTTPRoute of the ${GATEWAY_API_PLUGIN} plugin sets useHeaderRoutes, so the Gateway API router adds no header route`,
        );
      }
    }
  }

  checkAnalysis(`${at}.analysis`, step.analysis, error);
}
