import { minimatch } from 'minimatch';

/**
 * Whether a value matches a project glob: `*` stays within one path segment,
 * `**` crosses them, `?` is one character, braces are alternatives. No
 * negation: a project rule only ever grants.
 */
export function matchesGlob(pattern: string, value: string): boolean {
  return minimatch(value, pattern, {
    dot: true,
    nonegate: true,
    nocomment: true,
  });
}

/** Whether any of the globs matches. */
export function matchesAny(
  patterns: readonly string[],
  value: string,
): boolean {
  return patterns.some(p => matchesGlob(p, value));
}

/**
 * A repository URL as project rules compare it: lower-case scheme and host,
 * no credentials, query, trailing slash or `.git`.
 */
export function canonicalRepoUrl(url: string): string {
  try {
    const parsed = new URL(url.trim());
    const path = parsed.pathname.replace(/\/+$/, '').replace(/\.git$/, '');
    return `${parsed.protocol}//${parsed.host.toLowerCase()}${path}`;
  } catch {
    return url.trim();
  }
}
