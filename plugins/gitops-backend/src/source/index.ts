export { RepoCache, CachedRepo, normalizeRepoUrl } from './RepoCache';
export type {
  RepoCacheOptions,
  ResolvedRevision,
  CommitMetadata,
  RepoStats,
} from './RepoCache';
export { GitSourceError, maskUrl, maskCredentials } from './errors';
export type { GitSourceErrorReason } from './errors';
export { ConfigGitCredentialsProvider, createOnAuth } from './gitCredentials';
export type { GitCredentials, GitCredentialsProvider } from './gitCredentials';
export { createCappedHttpClient } from './cappedHttpClient';
export type { CappedHttpClientOptions } from './cappedHttpClient';
export { DEFAULT_TREE_LIMITS } from './readGitTree';
export type { TreeLimits } from './readGitTree';
export { matchRevision, isSemverRange } from './resolveRevision';
export type { RemoteRef, RevisionKind, RefMatch } from './resolveRevision';
