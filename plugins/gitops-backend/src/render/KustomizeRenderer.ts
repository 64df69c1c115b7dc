import type {
  KubernetesObject,
  Renderer,
  SourceTree,
} from '@slipway/plugin-gitops-node';
import path from 'node:path';
import { parse } from 'yaml';
import { withMaterializedTree } from './materializeTree';
import { parseManifests } from './parseManifests';
import { RenderError } from './RenderError';
import {
  kustomizationReferences,
  outsideReason,
} from './kustomizationReferences';
import { runConfigTool } from './runConfigTool';

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
  /**
   * Run the tool in the bubblewrap sandbox (default true). `false` gives
   * the tool the backend's network and files: for development only.
   */
  sandbox?: boolean;
  /** bubblewrap binary name or path; `bwrap` by default. */
  bwrap?: string;
}

const MAX_QUOTED_CHARS = 200;

/**
 * Refuses, naming the field, every path or URL a kustomization would load
 * from outside the app's folder: remote bases, generator sources, patches,
 * git clones, absolute paths, file URLs. A cheap check for a clear
 * message; the sandbox is what actually keeps the tool in.
 */
async function refuseOutsideReferences(
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
    for (const { field, value } of kustomizationReferences(doc)) {
      const reason = outsideReason(value);
      if (reason) {
        const quoted =
          value.length > MAX_QUOTED_CHARS
            ? `${value.slice(0, MAX_QUOTED_CHARS)}…`
            : value;
        throw new RenderError(`${file}: ${field} '${quoted}' ${reason}`);
      }
    }
  }
}

/**
 * Kustomize through its binary (`kustomize build`), with the default
 * root-only load restrictor, no plugins, no exec and no Helm inflation,
 * inside the render sandbox.
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
    await refuseOutsideReferences(tree, await tree.list());
    const output = await withMaterializedTree(tree, appDir =>
      runConfigTool({
        binary: this.options.binary ?? 'kustomize',
        args: dir => [
          'build',
          '--load-restrictor',
          'LoadRestrictionsRootOnly',
          dir,
        ],
        appDir,
        sandbox: this.options.sandbox,
        bwrap: this.options.bwrap,
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
