import type { SourceTree } from '@slipway/plugin-gitops-node';

/** A SourceTree over literal file contents, for renderer tests. */
export function memoryTree(files: Record<string, string>): SourceTree {
  return {
    async list() {
      return Object.keys(files).sort();
    },
    async read(path: string) {
      if (!(path in files)) throw new Error(`no file ${path}`);
      return Buffer.from(files[path]);
    },
  };
}
