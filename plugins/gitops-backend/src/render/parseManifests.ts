import type { KubernetesObject } from '@slipway/plugin-gitops-node';
import { RenderError } from './RenderError';
import { DEFAULT_MANIFEST_LIMITS, ManifestLimits } from './yaml/manifestLimits';
import { YamlWorkerPool } from './yaml/yamlWorkerPool';

/** Files the plain renderer reads; everything else (README.md, scripts, …) is skipped. */
export const MANIFEST_FILE = /\.(ya?ml|json)$/i;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks one parsed document and returns the objects it holds: none when it
 * has no `kind` (values files, Chart.yaml, tool configs), its items when it
 * is a `List`, else itself. A document with a `kind` must also have
 * `apiVersion` and `metadata.name`.
 */
function objectsOf(doc: unknown, where: string): KubernetesObject[] {
  if (!isRecord(doc) || doc.kind === undefined) return [];
  const missing: string[] = [];
  if (typeof doc.kind !== 'string' || doc.kind === '') missing.push('kind');
  if (typeof doc.apiVersion !== 'string' || doc.apiVersion === '')
    missing.push('apiVersion');
  if (/^[A-Za-z]*List$/.test(String(doc.kind)) && Array.isArray(doc.items)) {
    if (missing.length > 0) {
      throw new RenderError(
        `${where}: a ${doc.kind} needs apiVersion and kind`,
      );
    }
    return (doc.items as unknown[]).flatMap((item, i) => {
      const itemWhere = `${where} item ${i + 1}`;
      if (!isRecord(item) || item.kind === undefined) {
        throw new RenderError(`${itemWhere}: list item has no kind`);
      }
      return objectsOf(item, itemWhere);
    });
  }
  const metadata = doc.metadata;
  if (
    !isRecord(metadata) ||
    typeof metadata.name !== 'string' ||
    metadata.name === ''
  ) {
    if (!(isRecord(metadata) && typeof metadata.generateName === 'string')) {
      missing.push('metadata.name');
    }
  }
  if (missing.length > 0) {
    throw new RenderError(
      `${where}: object of kind '${String(doc.kind)}' is missing ${missing.join(
        ', ',
      )}`,
    );
  }
  return [doc as unknown as KubernetesObject];
}

/** The pool every caller shares, one per worker heap size. */
const pools = new Map<number, YamlWorkerPool>();

function poolFor(workerHeapMb: number): YamlWorkerPool {
  let pool = pools.get(workerHeapMb);
  if (!pool) {
    pool = new YamlWorkerPool({ size: 2, workerHeapMb });
    pools.set(workerHeapMb, pool);
  }
  return pool;
}

/**
 * Parses one file's text (multi-document YAML, or JSON, which is YAML) into
 * Kubernetes objects, in a worker thread and within `limits` (see
 * docs/limits.md). Errors are RenderErrors naming the file and the line.
 */
export async function parseManifests(
  text: string,
  file: string,
  options: { limits?: Partial<ManifestLimits> } = {},
): Promise<KubernetesObject[]> {
  const limits = { ...DEFAULT_MANIFEST_LIMITS, ...options.limits };
  // Refused here without a round trip to the worker.
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxFileBytes) {
    throw new RenderError(
      `${file}: ${bytes} bytes, over the ${limits.maxFileBytes}-byte cap per manifest file`,
    );
  }
  const documents = await poolFor(limits.workerHeapMb).parse(
    text,
    file,
    limits,
  );
  return documents.flatMap(({ value, line }) =>
    objectsOf(value, `${file}${line ? ` line ${line}` : ''}`),
  );
}
