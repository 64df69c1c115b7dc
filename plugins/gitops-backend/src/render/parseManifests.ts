import type { KubernetesObject } from '@internal/plugin-gitops-node';
import { parseAllDocuments } from 'yaml';
import { RenderError } from './RenderError';

/** Files the plain renderer reads; everything else (README.md, scripts, …) is skipped. */
export const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/** Like Argo CD: a file that fails to parse only errors when it looks like a manifest. */
const LOOKS_LIKE_MANIFEST = /^\s*["']?(apiVersion|kind|metadata)["']?\s*:/m;

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

/** 1-based line of a character offset. */
function lineAt(text: string, offset: number | undefined): number | undefined {
  if (offset === undefined) return undefined;
  return text.slice(0, offset).split('\n').length;
}

/**
 * Parses one file's text (multi-document YAML, or JSON, which is YAML) into
 * Kubernetes objects. Errors name the file and the line.
 */
export function parseManifests(text: string, file: string): KubernetesObject[] {
  const documents = parseAllDocuments(text, {
    prettyErrors: false,
    uniqueKeys: true,
  });
  const list = Array.isArray(documents) ? documents : [documents];
  const objects: KubernetesObject[] = [];
  for (const document of list) {
    const error = document.errors[0];
    if (error) {
      if (!LOOKS_LIKE_MANIFEST.test(text)) return [];
      const line = lineAt(text, error.pos[0]);
      const firstLine = error.message.split('\n')[0];
      throw new RenderError(
        `${file}${line ? ` line ${line}` : ''}: invalid YAML: ${firstLine}`,
      );
    }
    const line = lineAt(text, document.contents?.range?.[0]);
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch (e) {
      throw new RenderError(
        `${file}${line ? ` line ${line}` : ''}: ${(e as Error).message}`,
      );
    }
    objects.push(...objectsOf(value, `${file}${line ? ` line ${line}` : ''}`));
  }
  return objects;
}
