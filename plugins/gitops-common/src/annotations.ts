/**
 * The annotations an entity carries to be delivered by Slipway.
 *
 * @public
 */
export const SLIPWAY_ANNOTATIONS = {
  /** URL of the GitOps repository (required). */
  repo: 'slipway.dev/repo',
  /** Folder in the repository; `{cluster}` fans out per cluster. */
  path: 'slipway.dev/path',
  /** Branch, tag, semver range or commit SHA. */
  revision: 'slipway.dev/revision',
  /** Comma list of cluster names from `slipway.clusters` (required). */
  clusters: 'slipway.dev/clusters',
  /** Namespace for namespaced objects that name none. */
  namespace: 'slipway.dev/namespace',
  /** `auto` or `manual`. */
  syncPolicy: 'slipway.dev/sync-policy',
  /** `true` to delete objects that left the repository (auto policy). */
  prune: 'slipway.dev/prune',
  /** `true` to undo drift in the cluster (auto policy). */
  selfHeal: 'slipway.dev/self-heal',
  /** Name of the workload that is released progressively. */
  canary: 'slipway.dev/canary',
  /** Project from `slipway.projects` (its owner must be one of the project's); the default project otherwise. */
  project: 'slipway.dev/project',
} as const;

/**
 * The annotation whose presence opts an entity in; used for the
 * missing-annotation empty state.
 *
 * @public
 */
export const GITOPS_REPO_ANNOTATION = SLIPWAY_ANNOTATIONS.repo;
