import type { SourceTree } from '@slipway/plugin-gitops-node';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RenderError } from './RenderError';

/** True when `child` is `root` itself or lies below it. */
export function isInside(root: string, child: string): boolean {
  const relative = path.relative(root, child);
  return (
    relative === '' ||
    (relative !== '..' &&
      !relative.startsWith(`..${path.sep}`) &&
      !path.isAbsolute(relative))
  );
}

/**
 * Writes a SourceTree into a fresh, randomly named temp dir for a config
 * tool, runs `use` on it and removes it. Every path is resolved and checked
 * to stay inside the dir, and files are created exclusively (`wx`), so
 * nothing pre-existing is followed or overwritten.
 */
export async function withMaterializedTree<T>(
  tree: SourceTree,
  use: (dir: string) => Promise<T>,
): Promise<T> {
  const root = await fs.realpath(
    await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-render-')),
  );
  try {
    const src = path.join(root, 'src');
    await fs.mkdir(src);
    for (const file of await tree.list()) {
      const target = path.resolve(src, file);
      if (path.isAbsolute(file) || !isInside(src, target) || target === src) {
        throw new RenderError(
          `Refusing to write '${file}' outside the render folder`,
        );
      }
      await fs.mkdir(path.dirname(target), { recursive: true });
      // The parent must still be a real folder inside the sandbox.
      if (!isInside(src, await fs.realpath(path.dirname(target)))) {
        throw new RenderError(
          `Refusing to write '${file}' outside the render folder`,
        );
      }
      await fs.writeFile(target, await tree.read(file), {
        flag: 'wx',
        mode: 0o600,
      });
    }
    return await use(src);
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}
