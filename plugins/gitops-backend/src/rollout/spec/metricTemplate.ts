import { z } from 'zod';
import { httpUrl } from './httpUrl';
import { issueMessages } from './issues';

/** Metric backends a Flagger MetricTemplate can name. */
export const METRIC_PROVIDER_TYPES = [
  'prometheus',
  'datadog',
  'cloudwatch',
  'newrelic',
  'graphite',
  'stackdriver',
  'influxdb',
  'dynatrace',
  'keptn',
  'splunk',
  'externalmetrics',
] as const;
export type MetricProviderType = (typeof METRIC_PROVIDER_TYPES)[number];

export interface MetricTemplateSpec {
  name: string;
  namespace?: string;
  provider: {
    type: MetricProviderType;
    address?: string;
    headers: Record<string, string>;
    secretRef?: { name: string };
    region?: string;
    insecureSkipVerify: boolean;
  };
  /** Query text with `{{ … }}` placeholders, rendered per metric. */
  query: string;
}

const schema = z
  .object({
    apiVersion: z.literal('flagger.app/v1beta1'),
    kind: z.literal('MetricTemplate'),
    metadata: z
      .object({ name: z.string().min(1), namespace: z.string().optional() })
      .passthrough(),
    spec: z
      .object({
        provider: z
          .object({
            type: z.enum(METRIC_PROVIDER_TYPES),
            address: httpUrl().optional(),
            headers: z.record(z.string()).optional(),
            secretRef: z
              .object({ name: z.string().min(1) })
              .strict()
              .optional(),
            region: z.string().optional(),
            insecureSkipVerify: z.boolean().optional(),
          })
          .strict(),
        query: z.string().min(1, 'must not be empty'),
      })
      .strict(),
    status: z.unknown().optional(),
  })
  .strict();

/** Parses a Flagger MetricTemplate; errors name their field path like Canary errors. */
export function parseMetricTemplate(doc: unknown): {
  template?: MetricTemplateSpec;
  errors: string[];
} {
  const parsed = schema.safeParse(doc);
  if (!parsed.success)
    return { errors: parsed.error.issues.flatMap(issueMessages) };
  const { metadata, spec } = parsed.data;
  return {
    template: {
      name: metadata.name,
      namespace: metadata.namespace,
      provider: {
        ...spec.provider,
        headers: { ...spec.provider.headers },
        insecureSkipVerify: spec.provider.insecureSkipVerify ?? false,
      },
      query: spec.query,
    },
    errors: [],
  };
}
