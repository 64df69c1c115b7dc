/**
 * Caps on one manifest file's YAML. Every cap fails the render with a
 * message naming the file, the line where it was reached and the cap.
 */
export interface ManifestLimits {
  /** Bytes of one file's text (all its documents together); default 10 MiB, as much as a tool may print. */
  maxFileBytes: number;
  /** YAML documents in one file; default 10,000. */
  maxDocuments: number;
  /** Nodes (scalars, maps, sequences, pairs, aliases) in one file, before aliases are expanded; default 1,000,000. */
  maxNodes: number;
  /** Alias references (`*name`) in one file; default 1,000. */
  maxAliases: number;
  /**
   * Size of the file's values with every alias expanded, as JSON bytes
   * (estimated while walking, nothing is expanded); default 32 MiB. Bounds
   * what the sync engine later serialises, diffs and applies.
   */
  maxExpandedBytes: number;
  /** Nesting of maps and sequences; default 100 levels. */
  maxDepth: number;
  /** Wall time of one file's parse in the worker; default 30 s. */
  timeoutMs: number;
  /** Heap of one parser worker; default 256 MiB. */
  workerHeapMb: number;
}

export const DEFAULT_MANIFEST_LIMITS: ManifestLimits = {
  maxFileBytes: 10 * 1024 * 1024,
  maxDocuments: 10_000,
  maxNodes: 1_000_000,
  maxAliases: 1_000,
  maxExpandedBytes: 32 * 1024 * 1024,
  maxDepth: 100,
  timeoutMs: 30_000,
  workerHeapMb: 256,
};
