import type { AppProject } from '@slipway/plugin-gitops-common';

/** What an entity's annotations ask of one cluster. */
export interface AppSpec {
  /** `<entityRef>@<cluster>` */
  key: string;
  entityRef: string;
  cluster: string;
  repoUrl: string;
  /** Folder in the repository, `{cluster}` already substituted; '' = root. */
  path: string;
  /** Branch, tag, semver range or SHA; undefined = default branch. */
  revision?: string;
  namespace: string;
  syncPolicy: 'auto' | 'manual';
  prune: boolean;
  selfHeal: boolean;
  /** Workload released progressively, if any. */
  canary?: string;
  /** What the app may touch: its project from `slipway.projects`. */
  project: AppProject;
}

/** An app whose annotations cannot be used, with the reason to show. */
export interface InvalidApp {
  key: string;
  entityRef: string;
  cluster: string;
  message: string;
}

export type ParsedApp =
  | ({ valid: true } & AppSpec)
  | ({ valid: false } & InvalidApp);
