import type {
  KubernetesObject,
  Renderer,
  SourceTree,
} from '@slipway/plugin-gitops-node';
import { MANIFEST_FILE, parseManifests } from './parseManifests';
import { RenderError } from './RenderError';

/** Default cap on the manifests one app renders to (Argo CD: 10 MB per directory app). */
export const DEFAULT_MAX_MANIFEST_BYTES = 10 * 1024 * 1024;

/**
 * Plain YAML/JSON: every `.yaml`, `.yml` and `.json` file under the path,
 * recursively, in path order; multi-document YAML; other files skipped.
 * Namespaces are left as written: defaulting them needs to know which
 * kinds are namespaced, which the sync stage learns from the cluster.
 */
export class PlainRenderer implements Renderer {
  readonly name = 'plain';

  constructor(private readonly options: { maxManifestBytes?: number } = {}) {}

  detect(): boolean {
    return true;
  }

  async render(
    tree: SourceTree,
    options: { namespace: string; signal?: AbortSignal },
  ): Promise<KubernetesObject[]> {
    const cap = this.options.maxManifestBytes ?? DEFAULT_MAX_MANIFEST_BYTES;
    const objects: KubernetesObject[] = [];
    let bytes = 0;
    for (const file of await tree.list()) {
      if (!MANIFEST_FILE.test(file)) continue;
      options.signal?.throwIfAborted();
      const content = await tree.read(file);
      bytes += content.byteLength;
      if (bytes > cap) {
        throw new RenderError(
          `Manifests exceed the ${cap}-byte cap (at ${file})`,
        );
      }
      objects.push(...(await parseManifests(content.toString('utf8'), file)));
    }
    return objects;
  }
}
