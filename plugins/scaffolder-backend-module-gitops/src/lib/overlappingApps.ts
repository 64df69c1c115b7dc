import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { SLIPWAY_ANNOTATIONS } from '@slipway/plugin-gitops-common';
import { canonicalRepoUrl, matchesGlob } from '@slipway/plugin-gitops-node';

const CLUSTER = '{cluster}';

/** A folder as `a/b/c` segments: no leading, trailing or repeated slashes, no `.`. */
const segmentsOf = (folder: string) =>
  folder.split(/[\\/]+/).filter(s => s && s !== '.');

/**
 * Whether a folder we write and a folder an entity deploys from share files:
 * one lies inside the other (the root holds everything). The entity's
 * `{cluster}` matches any cluster name, including ones it adds later.
 */
function overlaps(ours: string, theirs: string): boolean {
  const a = segmentsOf(ours);
  const b = segmentsOf(theirs);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const matches = b[i].includes(CLUSTER)
      ? matchesGlob(b[i].split(CLUSTER).join('*'), a[i])
      : a[i] === b[i];
    if (!matches) return false;
  }
  return true;
}

/** The first folder of another entity's app that overlaps one we write. */
export function findOverlappingApp(
  entities: Entity[],
  target: { entityRef: string; repoUrl: string; paths: string[] },
): { entityRef: string; path: string; theirPath: string } | undefined {
  const repo = canonicalRepoUrl(target.repoUrl);
  const self = target.entityRef.toLocaleLowerCase('en-US');
  for (const entity of entities) {
    const annotations = entity.metadata.annotations ?? {};
    const theirRepo = annotations[SLIPWAY_ANNOTATIONS.repo];
    if (!theirRepo || canonicalRepoUrl(theirRepo) !== repo) continue;
    const entityRef = stringifyEntityRef(entity);
    // The same entity again: a retry or an update of its own folders.
    if (entityRef.toLocaleLowerCase('en-US') === self) continue;
    const theirPath = annotations[SLIPWAY_ANNOTATIONS.path]?.trim() ?? '';
    const path = target.paths.find(p => overlaps(p, theirPath));
    if (path !== undefined) {
      return { entityRef, path, theirPath: theirPath || '/' };
    }
  }
  return undefined;
}
