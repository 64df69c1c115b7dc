import { z } from 'zod';
import { httpUrl } from '../spec/httpUrl';
import { issueMessages } from '../spec/issues';
import { pruneNulls } from '../spec/pruneNulls';
import { BUILTIN_ALERT_PROVIDER_TYPES } from './builtinAlertProviders';

/** A parsed `flagger.app/v1beta1` AlertProvider. */
export interface AlertProviderSpec {
  name: string;
  namespace?: string;
  type: string;
  channel?: string;
  username?: string;
  /** The webhook URL; absent when `secretRef` is set, whose `address` key gives it. */
  address?: string;
  proxy?: string;
  /** Secret with an `address` key and optionally `token` and `proxy` (overriding `proxy`). */
  secretRef?: { name: string };
}

const url = httpUrl();

function schema(types: readonly string[]) {
  return z
    .object({
      apiVersion: z.literal('flagger.app/v1beta1'),
      kind: z.literal('AlertProvider'),
      metadata: z
        .object({ name: z.string().min(1), namespace: z.string().optional() })
        .passthrough(),
      spec: z
        .object({
          type: z.string().refine(t => types.includes(t), {
            message: `must be one of ${types
              .map(t => JSON.stringify(t))
              .join(', ')}`,
          }),
          channel: z.string().optional(),
          username: z.string().optional(),
          address: url.optional(),
          proxy: url.optional(),
          secretRef: z
            .object({ name: z.string().min(1) })
            .strict()
            .optional(),
        })
        .strict()
        .refine(s => s.address !== undefined || s.secretRef !== undefined, {
          message: 'needs an address or a secretRef whose secret has one',
          path: ['address'],
        })
        // Flagger's AlertProvider schema takes exactly one of the two, so the
        // API server refuses a provider with both; its controller would have
        // the secret's address win and ignore this one without a word.
        .refine(s => s.address === undefined || s.secretRef === undefined, {
          message:
            'must not be set together with spec.secretRef: give the webhook URL either here or as the secret\'s "address" key, not both',
          path: ['address'],
        }),
      status: z.unknown().optional(),
    })
    .strict();
}

/**
 * Parses an AlertProvider document; errors name their field path
 * (`spec.<field>: …`) like Canary errors. `types` are the installed
 * provider types, so a typo is caught when the document is read. A null
 * field counts as not set, as the API server prunes it before validating.
 */
export function parseAlertProvider(
  doc: unknown,
  types: readonly string[] = BUILTIN_ALERT_PROVIDER_TYPES,
): { spec?: AlertProviderSpec; errors: string[] } {
  const parsed = schema(types).safeParse(pruneNulls(doc));
  if (!parsed.success) {
    return { errors: parsed.error.issues.flatMap(issueMessages) };
  }
  const { metadata, spec } = parsed.data;
  return {
    spec: { name: metadata.name, namespace: metadata.namespace, ...spec },
    errors: [],
  };
}
