export { RepoCache } from './RepoCache';
export type { RepoCacheOptions } from './RepoCache';
export { CachedRepo, normalizeRepoUrl } from './CachedRepo';
export type {
  CachedRepoOptions,
  ResolvedRevision,
  CommitMetadata,
  RepoStats,
} from './CachedRepo';
export {
  GitSourceError,
  maskUrl,
  maskCredentials,
  toGitSourceError,
} from './errors';
export type { GitErrorContext, GitSourceErrorReason } from './errors';
export { pushBranch } from './pushBranch';
export type { PushBranchOptions } from './pushBranch';
export { ConfigGitCredentialsProvider, createOnAuth } from './gitCredentials';
export type { GitCredentials, GitCredentialsProvider } from './gitCredentials';
export { createCappedHttpClient } from './cappedHttpClient';
export type { CappedHttpClientOptions } from './cappedHttpClient';
export { DEFAULT_TREE_LIMITS, readGitTree } from './readGitTree';
export type { ReadGitTreeOptions, TreeLimits } from './readGitTree';
export { matchRevision, isSemverRange } from './resolveRevision';
export type { RemoteRef, RevisionKind, RefMatch } from './resolveRevision';
