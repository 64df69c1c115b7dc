import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';

const CLUSTER = '{cluster}';

/**
 * Expands `{cluster}` into one path per cluster. A pattern without the
 * placeholder is one shared path, whatever the clusters.
 */
export function expandClusterPaths(
  pattern: string,
  clusters: string[],
): string[] {
  if (!pattern.includes(CLUSTER)) return [pattern];
  if (clusters.length === 0) {
    throw new InputError(
      `Path "${pattern}" contains ${CLUSTER} but no clusters were given`,
    );
  }
  return clusters.map(cluster => pattern.split(CLUSTER).join(cluster));
}

/**
 * Resolves a repository-relative path under `root`, refusing anything that
 * leaves it (`..`, absolute paths, symlinks pointing out) or touches `.git`.
 * Called for every path before the first write, so a bad one writes nothing.
 */
export function resolveRepoPath(root: string, relative: string): string {
  const segments = relative.split(/[\\/]+/);
  if (segments.some(s => s.toLowerCase() === '.git')) {
    throw new InputError(`Path "${relative}" points into the .git folder`);
  }
  try {
    return resolveSafeChildPath(root, relative);
  } catch {
    throw new InputError(
      `Path "${relative}" is outside the GitOps repository; use a relative path inside it`,
    );
  }
}
