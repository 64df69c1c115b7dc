import { z } from 'zod';
import { objectName } from '../spec/schema';

/**
 * The structure of Argo Rollouts' AnalysisTemplate and
 * ClusterAnalysisTemplate CRDs (v1.8): every field they declare, with their
 * types. As for Slipway's other documents, a field the CRD does not declare
 * is refused. Meaning (durations, limits, providers Slipway runs) is
 * checked afterwards, in `parseAnalysisTemplate`.
 */

const name = z.string().min(1, 'must not be empty');

/** `x-kubernetes-int-or-string`. */
const intOrString = z.custom<number | string>(
  value =>
    (typeof value === 'number' && Number.isInteger(value)) ||
    typeof value === 'string',
  { message: 'must be an integer or a string' },
);

const int = z.number().int('must be an integer');

const header = z.object({ key: z.string(), value: z.string() }).strict();

const authentication = z
  .object({
    sigv4: z
      .object({
        region: z.string().optional(),
        profile: z.string().optional(),
        roleArn: z.string().optional(),
      })
      .strict()
      .optional(),
    oauth2: z
      .object({
        tokenUrl: z.string().optional(),
        clientId: z.string().optional(),
        clientSecret: z.string().optional(),
        scopes: z.array(z.string()).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const prometheus = z
  .object({
    address: z.string().optional(),
    query: z.string().optional(),
    authentication: authentication.optional(),
    timeout: int.optional(),
    insecure: z.boolean().optional(),
    headers: z.array(header).optional(),
    rangeQuery: z
      .object({
        start: z.string().optional(),
        end: z.string().optional(),
        step: z.string().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const web = z
  .object({
    method: z.string().optional(),
    url: z.string(),
    headers: z.array(header).optional(),
    body: z.string().optional(),
    timeoutSeconds: int.optional(),
    jsonPath: z.string().optional(),
    insecure: z.boolean().optional(),
    jsonBody: z.record(z.unknown()).optional(),
    authentication: authentication.optional(),
  })
  .strict();

/** Providers the CRD declares that Slipway does not run: refused by name, their content unchecked. */
export const UNSUPPORTED_PROVIDERS: Record<string, string> = {
  cloudWatch: 'CloudWatch',
  datadog: 'Datadog',
  graphite: 'Graphite',
  influxdb: 'InfluxDB',
  job: 'Kubernetes Job',
  kayenta: 'Kayenta',
  newRelic: 'New Relic',
  skywalking: 'SkyWalking',
  wavefront: 'Wavefront',
};

/** Any object: what Slipway refuses needs no closer look. */
const unsupported = z.record(z.unknown()).optional();

const provider = z
  .object({
    prometheus: prometheus.optional(),
    web: web.optional(),
    cloudWatch: unsupported,
    datadog: unsupported,
    graphite: unsupported,
    influxdb: unsupported,
    job: unsupported,
    kayenta: unsupported,
    newRelic: unsupported,
    skywalking: unsupported,
    wavefront: unsupported,
    plugin: unsupported,
  })
  .strict();

const metric = z
  .object({
    name,
    interval: z.string().optional(),
    initialDelay: z.string().optional(),
    count: intOrString.optional(),
    successCondition: z.string().optional(),
    failureCondition: z.string().optional(),
    failureLimit: intOrString.optional(),
    inconclusiveLimit: intOrString.optional(),
    consecutiveErrorLimit: intOrString.optional(),
    consecutiveSuccessLimit: intOrString.optional(),
    provider,
  })
  .strict();

const argument = z
  .object({
    name,
    value: z.string().optional(),
    valueFrom: z
      .object({
        fieldRef: z.object({ fieldPath: z.string() }).strict().optional(),
        secretKeyRef: z
          .object({ key: z.string(), name: z.string() })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const spec = z
  .object({
    args: z.array(argument).optional(),
    dryRun: z.array(z.object({ metricName: z.string() }).strict()).optional(),
    measurementRetention: z
      .array(z.object({ metricName: z.string(), limit: int }).strict())
      .optional(),
    metrics: z.array(metric).optional(),
    templates: z
      .array(
        z
          .object({
            templateName: name.optional(),
            clusterScope: z.boolean().optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

export const analysisTemplateDocument = z
  .object({
    apiVersion: z.literal('argoproj.io/v1alpha1'),
    kind: z.enum(['AnalysisTemplate', 'ClusterAnalysisTemplate']),
    metadata: z
      .object({ name: objectName, namespace: z.string().optional() })
      // Server-set metadata (uid, labels, managedFields …) is not ours to judge.
      .passthrough(),
    spec,
  })
  .strict();

export type AnalysisTemplateDocument = z.infer<typeof analysisTemplateDocument>;
export type MetricInput = z.infer<typeof metric>;
