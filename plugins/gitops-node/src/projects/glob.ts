import { Minimatch } from 'minimatch';

// Patterns come from operator config, so this stays as small as the config;
// compiling one costs far more than matching with it, on every object of
// every reconcile.
const compiled = new Map<string, Minimatch>();
const MAX_COMPILED = 10_000;

/**
 * Whether a value matches a project glob: `*` stays within one path segment,
 * `**` crosses them, `?` is one character, braces are alternatives. No
 * negation: a project rule only ever grants.
 *
 * @public
 */
export function matchesGlob(pattern: string, value: string): boolean {
  let matcher = compiled.get(pattern);
  if (!matcher) {
    matcher = new Minimatch(pattern, {
      dot: true,
      nonegate: true,
      nocomment: true,
    });
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(pattern, matcher);
  }
  return matcher.match(value);
}

/**
 * Whether any of the globs matches.
 *
 * @public
 */
export function matchesAny(
  patterns: readonly string[],
  value: string,
): boolean {
  return patterns.some(p => matchesGlob(p, value));
}

/**
 * A repository URL as project rules compare it: lower-case scheme and host,
 * no credentials, query, trailing slash or `.git`.
 *
 * @public
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
