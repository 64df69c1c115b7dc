import type {
  KubernetesObject,
  Renderer,
  SourceTree,
} from '@internal/plugin-gitops-node';
import path from 'node:path';
import { parse } from 'yaml';
import { withMaterializedTree } from './materializeTree';
import { parseManifests } from './parseManifests';
import { RenderError } from './RenderError';
import { runTool } from './runTool';

export const KUSTOMIZATION_FILES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

export interface ToolRendererOptions {
  /** Binary name on PATH or absolute path. */
  binary?: string;
  timeoutMs?: number;
  maxOutputBytes?: number;
}

/** A base or resource kustomize would fetch over the network. */
const REMOTE =
  /^(https?:\/\/|git@|ssh:\/\/|git::|github\.com\/|gitlab\.com\/|bitbucket\.org\/)|\?ref=/i;

/**
 * Refuses remote bases/resources/components (like Flux's
 * `--no-remote-bases`): they bypass the repository allow-list and would make
 * the render depend on a second, unpinned source.
 */
async function refuseRemoteBases(
  tree: SourceTree,
  files: string[],
): Promise<void> {
  for (const file of files) {
    if (!KUSTOMIZATION_FILES.includes(path.posix.basename(file))) continue;
    let doc: unknown;
    try {
      doc = parse((await tree.read(file)).toString('utf8'));
    } catch {
      continue; // kustomize reports the syntax error itself
    }
    const record = (doc ?? {}) as Record<string, unknown>;
    for (const field of ['resources', 'bases', 'components']) {
      const entries = Array.isArray(record[field])
        ? (record[field] as unknown[])
        : [];
      const remote = entries.find(e => typeof e === 'string' && REMOTE.test(e));
      if (remote) {
        throw new RenderError(
          `${file}: remote ${field} entry '${remote}' is not allowed; vendor it into the repository`,
        );
      }
    }
  }
}

/**
 * Kustomize through its binary (`kustomize build`), with the default
 * root-only load restrictor, no plugins, no exec and no Helm inflation.
 */
export class KustomizeRenderer implements Renderer {
  readonly name = 'kustomize';

  constructor(private readonly options: ToolRendererOptions = {}) {}

  detect(files: string[]): boolean {
    return files.some(f => KUSTOMIZATION_FILES.includes(f));
  }

  async render(
    tree: SourceTree,
    options: { namespace: string; signal?: AbortSignal },
  ): Promise<KubernetesObject[]> {
    await refuseRemoteBases(tree, await tree.list());
    const output = await withMaterializedTree(tree, src =>
      runTool({
        binary: this.options.binary ?? 'kustomize',
        args: ['build', '--load-restrictor', 'LoadRestrictionsRootOnly', src],
        cwd: path.dirname(src),
        timeoutMs: this.options.timeoutMs,
        maxOutputBytes: this.options.maxOutputBytes,
        installHint:
          'install it on the PATH of the Slipway backend (go install sigs.k8s.io/kustomize/kustomize/v5), or render the manifests in CI and commit plain YAML',
        signal: options.signal,
      }),
    );
    return parseManifests(output, 'kustomize build output');
  }
}
