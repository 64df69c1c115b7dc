import { AppResource } from '@slipway/plugin-gitops-common';

/** A resource with its depth in the owner tree. */
export interface TreeRow {
  resource: AppResource;
  depth: number;
}

/**
 * Orders resources depth first, owners before the objects they own
 * (Deployment → ReplicaSet → Pod). A child whose owner is missing from the
 * list, or that sits in an ownership cycle, is shown as a root rather than dropped.
 */
export function flattenTree(resources: AppResource[]): TreeRow[] {
  const ids = new Set(resources.map(r => r.id));
  const children = new Map<string | undefined, AppResource[]>();
  for (const resource of resources) {
    const parent =
      resource.parentId && ids.has(resource.parentId)
        ? resource.parentId
        : undefined;
    children.set(parent, [...(children.get(parent) ?? []), resource]);
  }
  const rows: TreeRow[] = [];
  const seen = new Set<string>();
  const visit = (parent: string | undefined, depth: number) => {
    for (const resource of children.get(parent) ?? []) {
      if (seen.has(resource.id)) continue; // guards against ownership cycles
      seen.add(resource.id);
      rows.push({ resource, depth });
      visit(resource.id, depth + 1);
    }
  };
  visit(undefined, 0);
  // Objects that own each other in a cycle have no root: list them anyway.
  for (const resource of resources) {
    if (seen.has(resource.id)) continue;
    seen.add(resource.id);
    rows.push({ resource, depth: 0 });
    visit(resource.id, 1);
  }
  return rows;
}
