import type { SourceTree } from '@slipway/plugin-gitops-node';
import path from 'node:path';
import { RenderError } from './RenderError';

const REFERENCE_KEYS = ['$ref', '$dynamicRef'];
const MAX_QUOTED_CHARS = 200;

/** Each `$ref` in a JSON schema with its JSON pointer. */
function schemaReferences(
  node: unknown,
  pointer = '',
): Array<{ pointer: string; value: string }> {
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) => {
    const at = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (REFERENCE_KEYS.includes(key) && typeof value === 'string') {
      return [{ pointer: at, value }];
    }
    return schemaReferences(value, at);
  });
}

/**
 * Refuses `$ref`s in a chart's values.schema.json that leave the schema:
 * Helm resolves them against `file:///` and fetches http(s), so they read
 * the backend's disk or the network. References within the schema (`#…`)
 * and `urn:` ones (never fetched) pass. A cheap check for a clear
 * message; the sandbox is what actually keeps Helm in.
 */
export async function refuseOutsideSchemaReferences(
  tree: SourceTree,
  files: string[],
): Promise<void> {
  for (const file of files) {
    if (path.posix.basename(file) !== 'values.schema.json') continue;
    let schema: unknown;
    try {
      schema = JSON.parse((await tree.read(file)).toString('utf8'));
    } catch {
      continue; // helm reports the syntax error itself
    }
    for (const { pointer, value } of schemaReferences(schema)) {
      if (value.startsWith('#') || /^urn:/i.test(value)) continue;
      const quoted =
        value.length > MAX_QUOTED_CHARS
          ? `${value.slice(0, MAX_QUOTED_CHARS)}…`
          : value;
      throw new RenderError(
        `${file}: $ref '${quoted}' at ${pointer} points outside the schema (Helm would read it from the backend's disk or the network); only references within the file ('#/…') are allowed`,
      );
    }
  }
}
