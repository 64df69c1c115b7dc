import { z } from 'zod';
import { INT32_MAX, parseArgoPauseDuration } from './duration';
import { podSpecIssues } from './podSpec';

/*
 * The shape of an Argo Rollouts `Rollout` as its CRD
 * (`manifests/crds/rollout-crd.yaml`, v1.8.3) declares it: types, required
 * fields, and no field the CRD does not list. The CRD keeps unknown fields
 * only under `steps[].plugin.config` and `trafficRouting.plugins`; the API
 * server drops unknown fields elsewhere unless field validation is Strict
 * (`kubectl apply --validate=strict`), which refuses them. Slipway reads
 * documents from git and never sends them through an API server, so, like
 * its Flagger and Slipway parsers, it refuses them: a misspelt field is a
 * mistake, not a no-op. That includes a field set to null: the API
 * server drops a null only where the schema declares the field (nulls.ts).
 * The pod spec is checked against Kubernetes' `PodSpec` (podSpec.ts), as
 * the CRD carries that schema too.
 *
 * Checks that need more than one field (the controller's
 * `pkg/apis/rollouts/validation/validation.go`) are in rules.ts.
 */

export const GATEWAY_API_PLUGIN = 'argoproj-labs/gatewayAPI';

const SUPPORTED_ROUTERS =
  'Slipway routes traffic with nginx, istio, apisix, smi or the argoproj-labs/gatewayAPI plugin';

const int32 = z
  .number()
  .int('must be an integer')
  .min(-INT32_MAX - 1, `must be at least ${-INT32_MAX - 1}`)
  .max(INT32_MAX, `must be at most ${INT32_MAX}`);

/** A count or a number of seconds. */
const count = int32.min(0, 'must be 0 or more');

/** A map of strings; a null value (`undefined`, see nulls.ts) is dropped, as the API server drops it. */
const stringMap = z
  .record(z.string().optional())
  .transform(
    map =>
      Object.fromEntries(
        Object.entries(map).filter(([, value]) => value !== undefined),
      ) as Record<string, string>,
  );

const nonEmpty = z.string().min(1, 'must not be empty');

const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * `metadata.name` of a custom resource: the API server's
 * `NameIsDNSSubdomain`, so `kubectl apply` refuses any other.
 */
export const objectName = nonEmpty
  .max(253, 'must be at most 253 characters')
  .refine(
    value => value === '' || DNS_SUBDOMAIN.test(value),
    value => ({
      message: `must be a lowercase RFC 1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit), got ${JSON.stringify(
        value,
      )}`,
    }),
  );

/** A field whose feature Slipway does not run; refused with `message`, whatever its value. */
const notSupported = (message: string) =>
  z
    .unknown()
    .superRefine((_, ctx) =>
      ctx.addIssue({ code: z.ZodIssueCode.custom, message }),
    );

/**
 * An int-or-string field; `check` returns why a value of the right type is
 * still wrong.
 */
const intOrString = (check: (value: number | string) => string | undefined) =>
  z
    .unknown()
    .superRefine((value, ctx) => {
      const typed =
        typeof value === 'string' ||
        (typeof value === 'number' && Number.isInteger(value));
      const problem = typed
        ? check(value as number | string)
        : 'must be an integer or a string';
      if (problem) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
      }
    })
    .transform(value => value as number | string);

/** `maxSurge`, `maxUnavailable`: a count or a percentage, as Kubernetes reads them. */
const intOrPercent = intOrString(value => {
  if (typeof value === 'number') {
    if (value < 0) return 'must be 0 or more';
    return value > INT32_MAX ? `must be at most ${INT32_MAX}` : undefined;
  }
  return /^\d+%$/.test(value)
    ? undefined
    : `must be a count or a percentage such as "25%", got "${value}"`;
});

const pauseDuration = intOrString(value =>
  parseArgoPauseDuration(value)
    ? undefined
    : `invalid duration ${JSON.stringify(
        value,
      )} (whole seconds, or a duration such as 30s, 10m or 1h; not negative)`,
);

const RFC3339 =
  /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const dateTime = z
  .string()
  .refine(
    value => RFC3339.test(value) && !Number.isNaN(Date.parse(value)),
    'must be an RFC 3339 time such as 2024-03-30T21:19:35Z',
  );

const podMetadata = z
  .object({ labels: stringMap.optional(), annotations: stringMap.optional() })
  .strict();

const labelSelector = z
  .object({
    matchLabels: stringMap.optional(),
    matchExpressions: z
      .array(
        z
          .object({
            key: z.string(),
            // A plain string in the CRD; the controller's label selector check allows these four.
            operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
            values: z.array(z.string()).optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

/** What rules.ts reads of the pod spec; the rest is kept as written. */
export interface PodSpecInput extends Record<string, unknown> {
  containers: Record<string, unknown>[];
  restartPolicy?: string;
  activeDeadlineSeconds?: number;
}

/**
 * Kubernetes' `PodSpec` (podSpec.ts), with at least one container and
 * every container named, which the controller needs before it makes a
 * ReplicaSet.
 */
const podSpec = z
  .unknown()
  .superRefine((value, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });
    const issues = podSpecIssues(value);
    for (const { path, message } of issues) issue(path, message);
    if (issues.some(i => i.path.length === 0)) return;
    const { containers } = value as { containers?: unknown };
    if (containers === undefined) {
      issue(['containers'], 'required');
    } else if (Array.isArray(containers)) {
      if (containers.length === 0) issue(['containers'], 'must not be empty');
      containers.forEach((container, i) => {
        // Anything but an object is already refused by its shape.
        if (typeof container !== 'object' || container === null) return;
        const { name } = container as { name?: unknown };
        if (name === undefined) issue(['containers', i, 'name'], 'required');
        else if (name === '')
          issue(['containers', i, 'name'], 'must not be empty');
      });
    }
  })
  .transform(value => value as PodSpecInput);

const podTemplate = z
  .object({
    metadata: podMetadata.optional(),
    spec: podSpec.optional(),
  })
  .strict();

const workloadRef = z
  .object({
    apiVersion: z.string().optional(),
    kind: z.string().optional(),
    name: z.string().optional(),
    // A plain string in the CRD; Argo treats anything but these as never.
    scaleDown: z.enum(['', 'never', 'onsuccess', 'progressively']).optional(),
  })
  .strict();

const analysisArg = z
  .object({
    name: nonEmpty,
    value: z.string().optional(),
    valueFrom: z
      .object({
        // A plain string in the CRD; Argo passes the empty string for anything else.
        podTemplateHashValue: z.enum(['Stable', 'Latest']).optional(),
        fieldRef: z.object({ fieldPath: nonEmpty }).strict().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const rolloutAnalysisFields = {
  templates: z
    .array(
      z
        .object({
          // Optional in the CRD; a run from a nameless template cannot start.
          templateName: nonEmpty,
          clusterScope: z.boolean().optional(),
        })
        .strict(),
    )
    .min(1, 'must name at least one template'),
  args: z.array(analysisArg).optional(),
  dryRun: z.array(z.object({ metricName: z.string() }).strict()).optional(),
  measurementRetention: z
    .array(z.object({ metricName: z.string(), limit: count }).strict())
    .optional(),
  analysisRunMetadata: podMetadata.optional(),
};

const rolloutAnalysis = z.object(rolloutAnalysisFields).strict();

const backgroundAnalysis = z
  .object({ ...rolloutAnalysisFields, startingStep: int32.optional() })
  .strict();

const antiAffinity = z
  .object({
    preferredDuringSchedulingIgnoredDuringExecution: z
      .object({ weight: int32 })
      .strict()
      .optional(),
    requiredDuringSchedulingIgnoredDuringExecution: z
      .object({})
      .strict()
      .optional(),
  })
  .strict();

const stringMatch = z
  .object({
    exact: z.string().optional(),
    prefix: z.string().optional(),
    regex: z.string().optional(),
  })
  .strict();

const step = z
  .object({
    setWeight: int32.optional(),
    pause: z.object({ duration: pauseDuration.optional() }).strict().optional(),
    analysis: rolloutAnalysis.optional(),
    setCanaryScale: z
      .object({
        weight: count.optional(),
        replicas: count.optional(),
        matchTrafficWeight: z.boolean().optional(),
      })
      .strict()
      .optional(),
    setHeaderRoute: z
      .object({
        name: z.string().optional(),
        match: z
          .array(
            z
              .object({ headerName: nonEmpty, headerValue: stringMatch })
              .strict(),
          )
          .optional(),
      })
      .strict()
      .optional(),
    experiment: notSupported(
      'experiment steps are not supported by Slipway',
    ).optional(),
    setMirrorRoute: notSupported(
      'traffic mirroring (setMirrorRoute) is not supported by Slipway',
    ).optional(),
    plugin: notSupported(
      'step plugins are not supported by Slipway',
    ).optional(),
  })
  .strict();

const istioVirtualService = z
  .object({
    name: nonEmpty,
    routes: z.array(z.string()).optional(),
    tlsRoutes: z
      .array(
        z
          .object({
            port: z.number().int('must be an integer').optional(),
            sniHosts: z.array(z.string()).optional(),
          })
          .strict(),
      )
      .optional(),
    tcpRoutes: z
      .array(
        z
          .object({ port: z.number().int('must be an integer').optional() })
          .strict(),
      )
      .optional(),
  })
  .strict();

const unsupportedGatewayRoutes = (kind: string) =>
  notSupported(
    `${kind} are not supported by Slipway, only HTTPRoutes (httpRoute, httpRoutes)`,
  ).optional();

/**
 * The Gateway API plugin's configuration
 * (argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi, `GatewayAPITrafficRouting`).
 * The CRD keeps it as written and the plugin ignores fields it does not
 * know, so unknown fields are warnings (parse.ts), not errors.
 */
export const gatewayApiConfig = z
  .object({
    httpRoute: z.string().optional(),
    httpRoutes: z
      .array(
        z
          .object({ name: nonEmpty, useHeaderRoutes: z.boolean().optional() })
          .strict(),
      )
      .optional(),
    namespace: z.string().optional(),
    configMap: z.string().optional(),
    disableInProgressLabel: z.boolean().optional(),
    inProgressLabelKey: z.string().optional(),
    inProgressLabelValue: z.string().optional(),
    grpcRoute: unsupportedGatewayRoutes('GRPCRoutes'),
    grpcRoutes: unsupportedGatewayRoutes('GRPCRoutes'),
    tcpRoute: unsupportedGatewayRoutes('TCPRoutes'),
    tcpRoutes: unsupportedGatewayRoutes('TCPRoutes'),
    tlsRoute: unsupportedGatewayRoutes('TLSRoutes'),
    tlsRoutes: unsupportedGatewayRoutes('TLSRoutes'),
    httpRouteSelector: notSupported(
      'route discovery by label is not supported by Slipway; name the routes in httpRoutes',
    ).optional(),
    grpcRouteSelector: unsupportedGatewayRoutes('GRPCRoutes'),
    tcpRouteSelector: unsupportedGatewayRoutes('TCPRoutes'),
    tlsRouteSelector: unsupportedGatewayRoutes('TLSRoutes'),
  })
  .passthrough();

export type GatewayApiConfigInput = z.infer<typeof gatewayApiConfig>;

/** `trafficRouting.plugins`: the Gateway API plugin checked, others refused unless the caller runs them. */
const trafficRouterPlugins = (accepted: ReadonlySet<string>) =>
  z.record(z.unknown()).superRefine((plugins, ctx) => {
    for (const [name, config] of Object.entries(plugins)) {
      if (name === GATEWAY_API_PLUGIN) {
        const parsed = gatewayApiConfig.safeParse(config);
        if (!parsed.success) {
          for (const issue of parsed.error.issues) {
            ctx.addIssue({ ...issue, path: [name, ...issue.path] });
          }
        }
      } else if (!accepted.has(name)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [name],
          message: `traffic router plugin "${name}" is not supported by Slipway; ${SUPPORTED_ROUTERS}`,
        });
      }
    }
  });

const unsupportedRouter = (name: string) =>
  notSupported(
    `the ${name} traffic router is not supported by Slipway; ${SUPPORTED_ROUTERS}`,
  ).optional();

const trafficRouting = (plugins: ReadonlySet<string>) =>
  z
    .object({
      nginx: z
        .object({
          annotationPrefix: z.string().optional(),
          stableIngress: z.string().optional(),
          stableIngresses: z.array(nonEmpty).optional(),
          additionalIngressAnnotations: stringMap.optional(),
          canaryIngressAnnotations: stringMap.optional(),
        })
        .strict()
        .optional(),
      istio: z
        .object({
          virtualService: istioVirtualService.optional(),
          virtualServices: z.array(istioVirtualService).optional(),
          destinationRule: z
            .object({
              name: nonEmpty,
              canarySubsetName: nonEmpty,
              stableSubsetName: nonEmpty,
            })
            .strict()
            .optional(),
        })
        .strict()
        .optional(),
      apisix: z
        .object({
          route: z
            .object({ name: nonEmpty, rules: z.array(z.string()).optional() })
            .strict()
            .optional(),
        })
        .strict()
        .optional(),
      smi: z
        .object({
          rootService: z.string().optional(),
          trafficSplitName: z.string().optional(),
        })
        .strict()
        .optional(),
      plugins: trafficRouterPlugins(plugins).optional(),
      managedRoutes: z.array(z.object({ name: nonEmpty }).strict()).optional(),
      maxTrafficWeight: int32.min(1, 'must be 1 or more').optional(),
      alb: unsupportedRouter('AWS ALB'),
      ambassador: unsupportedRouter('Ambassador'),
      appMesh: unsupportedRouter('AWS App Mesh'),
      traefik: unsupportedRouter('Traefik'),
    })
    .strict();

const canaryStrategy = (plugins: ReadonlySet<string>) =>
  z
    .object({
      canaryService: z.string().optional(),
      stableService: z.string().optional(),
      steps: z.array(step).optional(),
      trafficRouting: trafficRouting(plugins).optional(),
      maxUnavailable: intOrPercent.optional(),
      maxSurge: intOrPercent.optional(),
      analysis: backgroundAnalysis.optional(),
      antiAffinity: antiAffinity.optional(),
      canaryMetadata: podMetadata.optional(),
      stableMetadata: podMetadata.optional(),
      scaleDownDelaySeconds: count.optional(),
      scaleDownDelayRevisionLimit: count.optional(),
      abortScaleDownDelaySeconds: count.optional(),
      dynamicStableScale: z.boolean().optional(),
      pingPong: notSupported(
        'ping-pong services (pingPong) are not supported by Slipway; use canaryService and stableService',
      ).optional(),
      minPodsPerReplicaSet: count.optional(),
    })
    .strict();

const blueGreenStrategy = z
  .object({
    activeService: z.string(),
    previewService: z.string().optional(),
    // Argo does not check these for negative values; Slipway refuses them.
    previewReplicaCount: count.optional(),
    autoPromotionEnabled: z.boolean().optional(),
    autoPromotionSeconds: count.optional(),
    maxUnavailable: intOrPercent.optional(),
    scaleDownDelaySeconds: count.optional(),
    scaleDownDelayRevisionLimit: count.optional(),
    prePromotionAnalysis: rolloutAnalysis.optional(),
    postPromotionAnalysis: rolloutAnalysis.optional(),
    antiAffinity: antiAffinity.optional(),
    previewMetadata: podMetadata.optional(),
    activeMetadata: podMetadata.optional(),
    abortScaleDownDelaySeconds: count.optional(),
  })
  .strict();

const rolloutSpec = (plugins: ReadonlySet<string>) =>
  z
    .object({
      // The controller refuses negative values for these four (ValidateNonnegativeField).
      replicas: count.optional(),
      minReadySeconds: count.optional(),
      revisionHistoryLimit: count.optional(),
      progressDeadlineSeconds: count.optional(),
      selector: labelSelector.optional(),
      template: podTemplate.optional(),
      workloadRef: workloadRef.optional(),
      rollbackWindow: z
        .object({ revisions: count.optional() })
        .strict()
        .optional(),
      // Optional in the CRD; rules.ts asks for exactly one strategy, as the controller does.
      strategy: z
        .object({
          canary: canaryStrategy(plugins).optional(),
          blueGreen: blueGreenStrategy.optional(),
        })
        .strict()
        .optional(),
      paused: z.boolean().optional(),
      progressDeadlineAbort: z.boolean().optional(),
      restartAt: dateTime.optional(),
      analysis: z
        .object({
          successfulRunHistoryLimit: count.optional(),
          unsuccessfulRunHistoryLimit: count.optional(),
        })
        .strict()
        .optional(),
    })
    .strict();

const documentSchema = (plugins: ReadonlySet<string>) =>
  z
    .object({
      apiVersion: z.literal('argoproj.io/v1alpha1'),
      kind: z.literal('Rollout'),
      metadata: z
        .object({ name: objectName, namespace: z.string().optional() })
        // Server-set metadata (uid, labels, managedFields …) is not ours to judge.
        .passthrough(),
      spec: rolloutSpec(plugins),
      // Status is the controller's, never read from the desired state.
      status: z.unknown().optional(),
    })
    .strict();

export type ArgoRolloutDocument = z.infer<ReturnType<typeof documentSchema>>;
export type ArgoRolloutSpecInput = ArgoRolloutDocument['spec'];
export type CanaryInput = NonNullable<
  NonNullable<ArgoRolloutSpecInput['strategy']>['canary']
>;
export type BlueGreenInput = NonNullable<
  NonNullable<ArgoRolloutSpecInput['strategy']>['blueGreen']
>;
export type StepInput = z.infer<typeof step>;
export type RolloutAnalysisInput = z.infer<typeof rolloutAnalysis>;
export type AntiAffinityInput = z.infer<typeof antiAffinity>;
export type PodMetadataInput = z.infer<typeof podMetadata>;

const schemas = new Map<string, ReturnType<typeof documentSchema>>();

/** The document schema for a set of accepted extra traffic router plugins, built once per set. */
export function argoRolloutDocumentSchema(
  extraPlugins: readonly string[] = [],
): ReturnType<typeof documentSchema> {
  const key = [...extraPlugins].sort().join('\n');
  let schema = schemas.get(key);
  if (!schema) {
    schema = documentSchema(new Set(extraPlugins));
    schemas.set(key, schema);
  }
  return schema;
}
