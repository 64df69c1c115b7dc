import { isJsonMap } from '../../kube/values';

/** Splits an RFC 6901 JSON pointer into its reference tokens. */
export function parseJsonPointer(pointer: string): string[] {
  if (pointer === '') {
    return [];
  }
  if (!pointer.startsWith('/')) {
    throw new Error(`Invalid JSON pointer "${pointer}": must start with "/"`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map(token => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Escapes one token for use in a JSON pointer (`/` → `~1`, `~` → `~0`). */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function childOf(parent: unknown, token: string): unknown {
  if (Array.isArray(parent)) {
    return parent[Number(token)];
  }
  return isJsonMap(parent) ? parent[token] : undefined;
}

/**
 * Removes the value `pointer` designates from `root`, if it exists (array
 * items are spliced out, as a JSON Patch `remove` does). Mutates `root`.
 */
export function removeAtPointer(root: unknown, pointer: string): void {
  const tokens = parseJsonPointer(pointer);
  if (tokens.length === 0) {
    return; // the whole document is never ignored
  }
  let parent: unknown = root;
  for (const token of tokens.slice(0, -1)) {
    parent = childOf(parent, token);
    if (parent === undefined) {
      return;
    }
  }
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    const index = Number(last);
    if (Number.isInteger(index) && index >= 0 && index < parent.length) {
      parent.splice(index, 1);
    }
  } else if (isJsonMap(parent)) {
    delete parent[last];
  }
}
