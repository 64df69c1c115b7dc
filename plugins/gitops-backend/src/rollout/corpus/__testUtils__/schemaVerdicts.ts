import { toKubeApiError } from '../../../clusters/KubeApiError';
import type { KubeHttpClient } from '../../../clusters/KubeHttpClient';
import type { CorpusDocument } from './extractDocuments';
import type { InstalledKind } from './upstreamCrds';

/** The API server's reading of one document: accepted, or refused with its message. */
export interface SchemaVerdict {
  accepted: boolean;
  /** The Status message of a refusal (empty when accepted). */
  message: string;
}

/** Dry runs at once: enough to keep the API server busy, few enough not to starve the other test files sharing it. */
const CONCURRENCY = 6;

async function mapLimited<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

/**
 * The body sent for a document: itself, moved into the test namespace (or
 * out of any, for a cluster-scoped kind). Nothing else changes, so the
 * server judges what the parser judges.
 */
function placed(doc: Record<string, unknown>, namespace?: string) {
  const metadata = { ...(doc.metadata as Record<string, unknown>) };
  if (namespace) metadata.namespace = namespace;
  else delete metadata.namespace;
  return { ...doc, metadata };
}

/**
 * Server-side dry-run creates of every document (`dryRun=All`, nothing is
 * stored) with strict field validation, which is what `kubectl apply` asks
 * for: an unknown or duplicate field is refused, not silently dropped.
 */
export async function schemaVerdicts(
  client: KubeHttpClient,
  namespace: string,
  kinds: InstalledKind[],
  documents: CorpusDocument[],
): Promise<SchemaVerdict[]> {
  return mapLimited(
    documents,
    CONCURRENCY,
    async ({ doc, apiVersion, kind }) => {
      const installed = kinds.find(
        k => k.kind === kind && apiVersion.startsWith(`${k.group}/`),
      );
      if (!installed)
        throw new Error(`No CRD installed for ${apiVersion} ${kind}`);
      const scope = installed.namespaced ? `namespaces/${namespace}/` : '';
      try {
        await client.request(
          'POST',
          `/apis/${apiVersion}/${scope}${installed.plural}`,
          {
            query: {
              dryRun: 'All',
              fieldValidation: 'Strict',
              fieldManager: 'slipway-upstream-corpus',
            },
            body: placed(doc, installed.namespaced ? namespace : undefined),
          },
        );
        return { accepted: true, message: '' };
      } catch (error) {
        const refusal = toKubeApiError(error);
        // A transport failure is no verdict: let the test fail on it.
        if (refusal.statusCode === undefined) throw refusal;
        const version = apiVersion.slice(installed.group.length + 1);
        const unserved =
          refusal.statusCode === 404 &&
          !installed.servedVersions.includes(version)
            ? `: the CRD serves ${
                installed.group
              }/${installed.servedVersions.join(', ')} only`
            : '';
        return { accepted: false, message: `${refusal.message}${unserved}` };
      }
    },
  );
}
