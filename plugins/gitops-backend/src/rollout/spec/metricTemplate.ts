import { z } from 'zod';
import { httpUrl } from './httpUrl';
import { issueMessages } from './issues';
import { pruneNulls } from './pruneNulls';

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
    /** Flagger's HTTP header map: every value of a name is sent. */
    headers: Record<string, string[]>;
    secretRef?: { name: string };
    region?: string;
    insecureSkipVerify: boolean;
  };
  /** Query text with `{{ … }}` placeholders, rendered per metric. */
  query: string;
}

/** An RFC 9110 token: what an HTTP header name may consist of. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What a header value may hold when Node sends it: tabs and printable Latin-1. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * `spec.provider.headers` as Flagger types it (Go's `http.Header`): each
 * name maps to a list of values. A single string is refused with the list
 * form to write instead, and anything no request could carry is refused
 * here, naming the header, rather than failing every check later.
 */
const headers = z
  .record(z.unknown())
  .superRefine((record, ctx) => {
    for (const [name, values] of Object.entries(record)) {
      if (!HEADER_NAME.test(name)) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: 'is not a valid HTTP header name',
        });
      }
      if (!Array.isArray(values)) {
        const example =
          typeof values === 'string' ||
          typeof values === 'number' ||
          typeof values === 'boolean'
            ? `, e.g. [${JSON.stringify(String(values))}]`
            : '';
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `must be a list of values${example}`,
        });
        continue;
      }
      values.forEach((value, i) => {
        if (typeof value !== 'string') {
          ctx.addIssue({
            code: 'custom',
            path: [name, i],
            message: 'must be a string',
          });
        } else if (!HEADER_VALUE.test(value)) {
          ctx.addIssue({
            code: 'custom',
            path: [name, i],
            message:
              'must hold only tabs and printable Latin-1 characters, no line breaks or other control characters',
          });
        }
      });
    }
  })
  .transform(record => record as Record<string, string[]>);

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
            headers: headers.optional(),
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

/**
 * Parses a Flagger MetricTemplate; errors name their field path like Canary
 * errors. A null field counts as not set, as for a Canary: the API server
 * prunes it before validating.
 */
export function parseMetricTemplate(doc: unknown): {
  template?: MetricTemplateSpec;
  errors: string[];
} {
  const parsed = schema.safeParse(pruneNulls(doc));
  if (!parsed.success)
    return { errors: parsed.error.issues.flatMap(issueMessages) };
  const { metadata, spec } = parsed.data;
  return {
    template: {
      name: metadata.name,
      namespace: metadata.namespace,
      provider: {
        ...spec.provider,
        headers: Object.fromEntries(
          Object.entries(spec.provider.headers ?? {}).map(([name, values]) => [
            name,
            [...values],
          ]),
        ),
        insecureSkipVerify: spec.provider.insecureSkipVerify ?? false,
      },
      query: spec.query,
    },
    errors: [],
  };
}
