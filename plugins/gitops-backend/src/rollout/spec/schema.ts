import { z } from 'zod';
import { httpUrl } from './httpUrl';
import { parseGoDuration, parsePauseDuration } from './duration';
import { PROVIDERS, WEBHOOK_TYPES } from './types';

/** Integer in [min, max] with the message validation promises users. */
const intIn = (min: number, max: number) =>
  z
    .number()
    .int('must be an integer')
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`);

const nonNegativeInt = z
  .number()
  .int('must be an integer')
  .min(0, 'must be 0 or more');

/** A Go duration string; the message quotes the bad value. */
export const goDuration = z.string().superRefine((value, ctx) => {
  if (parseGoDuration(value) === undefined) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `invalid duration "${value}" (Go syntax, e.g. 1m30s or 500ms)`,
    });
  }
});

/** A window or timeout: zero or negative would query nothing or time out at once. */
const positiveDuration = goDuration.superRefine((value, ctx) => {
  const ms = parseGoDuration(value);
  if (ms !== undefined && ms <= 0) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be positive' });
  }
});

const stringMap = z.record(z.string());
const name = z.string().min(1, 'must not be empty');

const objectRef = z
  .object({
    apiVersion: z.string().optional(),
    kind: z.string().optional(),
    name,
    namespace: z.string().optional(),
  })
  .strict();

const localRef = z.object({ name, namespace: z.string().optional() }).strict();

const autoscalerRef = objectRef
  .extend({
    primaryScalerQueries: stringMap.optional(),
    primaryScalerReplicas: z
      .object({
        minReplicas: nonNegativeInt.optional(),
        maxReplicas: nonNegativeInt.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const stringMatch = z
  .object({
    exact: z.string().optional(),
    prefix: z.string().optional(),
    suffix: z.string().optional(),
    regex: z.string().optional(),
  })
  .strict();

const httpMatch = z
  .object({
    name: z.string().optional(),
    uri: stringMatch.optional(),
    scheme: stringMatch.optional(),
    method: stringMatch.optional(),
    authority: stringMatch.optional(),
    headers: z.record(stringMatch).optional(),
    queryParams: z.record(stringMatch).optional(),
    withoutHeaders: z.record(stringMatch).optional(),
    port: intIn(1, 65535).optional(),
    sourceLabels: stringMap.optional(),
    sourceNamespace: z.string().optional(),
    gateways: z.array(z.string()).optional(),
    ignoreUriCase: z.boolean().optional(),
  })
  .strict();

const customMetadata = z
  .object({ labels: stringMap.optional(), annotations: stringMap.optional() })
  .strict();

const headerOperations = z
  .object({
    set: stringMap.optional(),
    add: stringMap.optional(),
    remove: z.array(z.string()).optional(),
  })
  .strict();

// Gateway API name rules, which the CRD repeats for every reference.
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const KIND = /^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;

const atMost = (max: number) => `must be at most ${max} characters`;
/** An API group; empty is the core group (Services). */
const apiGroup = z
  .string()
  .max(253, atMost(253))
  .refine(
    value => value === '' || DNS_SUBDOMAIN.test(value),
    'must be a DNS subdomain (lowercase), or empty for the core group',
  );
const refKind = z
  .string()
  .max(63, atMost(63))
  .regex(KIND, 'must be a kind name (a letter, then letters, digits or -)');
const refName = name.max(253, atMost(253));
const refNamespace = z
  .string()
  .max(63, atMost(63))
  .regex(DNS_LABEL, 'must be a DNS label (lowercase)');
const port = intIn(1, 65535);

/** A Gateway API ParentReference: what the generated HTTPRoute attaches to. */
const gatewayRef = z
  .object({
    group: apiGroup.optional(),
    kind: refKind.optional(),
    name: refName,
    namespace: refNamespace.optional(),
    sectionName: z
      .string()
      .max(253, atMost(253))
      .regex(DNS_SUBDOMAIN, 'must be a DNS subdomain (lowercase)')
      .optional(),
    port: port.optional(),
  })
  .strict();

/** A request-mirror backend; group "" and kind Service are the defaults. */
const mirrorBackendRef = z
  .object({
    group: apiGroup.optional(),
    kind: refKind.optional(),
    name: refName,
    namespace: refNamespace.optional(),
    port: port.optional(),
  })
  .strict()
  .superRefine((ref, ctx) => {
    // The CRD's own rule: a Service backend must say which port gets the copies.
    const service = !ref.group && (ref.kind ?? 'Service') === 'Service';
    if (service && ref.port === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['port'],
        message: 'required for a Service backend',
      });
    }
  });

const service = z
  .object({
    name: z.string().optional(),
    port,
    portName: z.string().optional(),
    targetPort: z.union([port, z.string().min(1)]).optional(),
    portDiscovery: z.boolean().optional(),
    appProtocol: z.string().optional(),
    trafficDistribution: z
      .enum(['PreferClose', 'PreferSameZone', 'PreferSameNode'])
      .optional(),
    headless: z.boolean().optional(),
    timeout: positiveDuration.optional(),
    backendTimeout: positiveDuration.optional(),
    gateways: z.array(z.string()).optional(),
    gatewayRefs: z
      .array(gatewayRef)
      .max(32, 'must have at most 32 entries')
      .optional(),
    delegation: z.boolean().optional(),
    hosts: z.array(z.string()).optional(),
    match: z.array(httpMatch).optional(),
    rewrite: z
      .object({
        uri: z.string().optional(),
        authority: z.string().optional(),
        // Anything but ReplacePrefixMatch replaces the full path, as in Flagger.
        type: z.string().optional(),
      })
      .strict()
      .optional(),
    retries: z
      .object({
        attempts: nonNegativeInt.optional(),
        perTryTimeout: positiveDuration.optional(),
        retryOn: z.string().optional(),
      })
      .strict()
      .optional(),
    headers: z
      .object({
        request: headerOperations.optional(),
        response: headerOperations.optional(),
      })
      .strict()
      .optional(),
    mirror: z
      .array(z.object({ backendRef: mirrorBackendRef }).strict())
      .optional(),
    // Istio's CORS and traffic policy types are large and versioned; routers forward them untouched.
    corsPolicy: z.record(z.unknown()).optional(),
    trafficPolicy: z.record(z.unknown()).optional(),
    meshName: z.string().optional(),
    backends: z.array(z.string()).optional(),
    apex: customMetadata.optional(),
    primary: customMetadata.optional(),
    canary: customMetadata.optional(),
    unmanagedMetadata: z
      .object({
        labels: z.array(z.string()).optional(),
        annotations: z.array(z.string()).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const metric = z
  .object({
    name,
    interval: positiveDuration.optional(),
    threshold: z.number().optional(),
    thresholdRange: z
      .object({ min: z.number().optional(), max: z.number().optional() })
      .strict()
      .optional(),
    query: z.string().optional(),
    templateRef: localRef.optional(),
    templateVariables: stringMap.optional(),
  })
  .strict();

const webhook = z
  .object({
    name,
    // "" is Flagger's spelling of `rollout`.
    type: z.enum(['', ...WEBHOOK_TYPES]).optional(),
    url: httpUrl(),
    timeout: z.string().optional(),
    metadata: stringMap.optional(),
    retries: nonNegativeInt.optional(),
    disableTLS: z.boolean().optional(),
    muteAlert: z.boolean().optional(),
  })
  .strict();

const alert = z
  .object({
    name,
    // "" is how a chart leaves it unset: the default, info.
    severity: z.enum(['', 'info', 'warn', 'error']).optional(),
    providerRef: localRef,
  })
  .strict();

const sessionAffinity = z
  .object({
    cookieName: name,
    primaryCookieName: z.string().optional(),
    maxAge: z
      .number()
      .int('must be an integer')
      .min(1, 'must be 1 or more')
      .optional(),
    domain: z.string().optional(),
    path: z.string().optional(),
    secure: z.boolean().optional(),
    httpOnly: z.boolean().optional(),
    partitioned: z.boolean().optional(),
    sameSite: z.enum(['Strict', 'Lax', 'None']).optional(),
  })
  .strict();

const analysisFields = {
  interval: goDuration.optional(),
  threshold: z.number().int('must be an integer').optional(),
  maxWeight: intIn(1, 100).optional(),
  stepWeight: intIn(1, 100).optional(),
  stepWeights: z.array(intIn(1, 100)).min(1, 'must not be empty').optional(),
  stepWeightPromotion: intIn(0, 100).optional(),
  iterations: nonNegativeInt.optional(),
  mirror: z.boolean().optional(),
  mirrorWeight: intIn(0, 100).optional(),
  primaryReadyThreshold: intIn(1, 100).optional(),
  canaryReadyThreshold: intIn(1, 100).optional(),
  match: z.array(httpMatch).optional(),
  sessionAffinity: sessionAffinity.optional(),
  metrics: z.array(metric).optional(),
  webhooks: z.array(webhook).optional(),
  alerts: z.array(alert).optional(),
  onNoData: z.enum(['fail', 'ignore', 'inconclusive']).optional(),
};

export const analysisSchema = z.object(analysisFields).strict();

const commonSpec = {
  provider: z.enum(PROVIDERS).optional(),
  metricsServer: httpUrl().optional(),
  targetRef: objectRef
    .extend({ kind: z.enum(['Deployment', 'DaemonSet', 'Service']) })
    .strict(),
  autoscalerRef: autoscalerRef.optional(),
  ingressRef: objectRef.optional(),
  routeRef: objectRef.optional(),
  upstreamRef: objectRef.optional(),
  // Only a Knative Service target may leave it out (rules.ts).
  service: service.optional(),
  progressDeadlineSeconds: nonNegativeInt.optional(),
  skipAnalysis: z.boolean().optional(),
  suspend: z.boolean().optional(),
  revertOnDeletion: z.boolean().optional(),
};

const pauseDuration = z
  .union([z.number(), z.string()])
  .superRefine((value, ctx) => {
    if (parsePauseDuration(value) === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `invalid duration "${value}" (seconds, or e.g. 10s, 10m, 10h)`,
      });
    }
  });

const step = z
  .object({
    setWeight: intIn(0, 100).optional(),
    pause: z.object({ duration: pauseDuration.optional() }).strict().optional(),
    setCanaryScale: z
      .object({
        replicas: nonNegativeInt.optional(),
        weight: intIn(0, 100).optional(),
        matchTrafficWeight: z.boolean().optional(),
      })
      .strict()
      .optional(),
    analysis: z
      .object({
        templates: z
          .array(z.object({ templateName: name }).strict())
          .min(1, 'must not be empty'),
        args: z
          .array(z.object({ name, value: z.string() }).strict())
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const metadata = z
  .object({ name, namespace: z.string().optional() })
  // Server-set metadata (uid, labels, managedFields …) is not ours to judge.
  .passthrough();

const documentBase = {
  metadata,
  // Status is written by the engine, never read from the desired state.
  status: z.unknown().optional(),
};

export const canaryDocumentSchema = z
  .object({
    apiVersion: z.literal('flagger.app/v1beta1'),
    kind: z.literal('Canary'),
    ...documentBase,
    spec: z
      .object({
        ...commonSpec,
        // Required, as Flagger's CRD has it: taking a missing analysis as
        // "skip it" would promote every revision unchecked.
        analysis: z
          .object(analysisFields, {
            required_error:
              'to promote without checks, keep it and set spec.skipAnalysis: true',
          })
          .strict(),
        // The old name of `analysis`. The CRD no longer has it, so the API
        // server drops it and Flagger never sees it; say so rather than
        // just "unknown field".
        canaryAnalysis: z
          .unknown()
          .superRefine((_, ctx) =>
            ctx.addIssue({
              code: z.ZodIssueCode.custom,
              message: 'renamed to spec.analysis, Flagger no longer reads it',
            }),
          )
          .optional(),
      })
      .strict(),
  })
  .strict();

export const rolloutDocumentSchema = z
  .object({
    apiVersion: z.literal('slipway.dev/v1alpha1'),
    kind: z.literal('Rollout'),
    ...documentBase,
    spec: z
      .object({
        ...commonSpec,
        analysis: analysisSchema.optional(),
        steps: z.array(step).min(1, 'must not be empty'),
        paused: z.boolean().optional(),
        progressDeadlineAbort: z.boolean().optional(),
        scaleDownDelaySeconds: nonNegativeInt.optional(),
        abortScaleDownDelaySeconds: nonNegativeInt.optional(),
      })
      .strict(),
  })
  .strict();

export type CanaryDocument = z.infer<typeof canaryDocumentSchema>;
export type RolloutDocument = z.infer<typeof rolloutDocumentSchema>;
export type AnalysisInput = z.infer<typeof analysisSchema>;
export type StepInput = z.infer<typeof step>;
