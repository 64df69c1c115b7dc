import type {
  KubernetesObject,
  Renderer,
  SourceTree,
} from '@slipway/plugin-gitops-node';
import { parse } from 'yaml';
import type { ToolRendererOptions } from './KustomizeRenderer';
import { withMaterializedTree } from './materializeTree';
import { parseManifests } from './parseManifests';
import { RenderError } from './RenderError';
import { refuseOutsideSchemaReferences } from './helmSchemaReferences';
import { runConfigTool } from './runConfigTool';

/** Release names Helm accepts (DNS-1123 label, ≤ 53 chars). */
const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?$/;

async function chartName(tree: SourceTree): Promise<string> {
  let chart: unknown;
  try {
    chart = parse((await tree.read('Chart.yaml')).toString('utf8'));
  } catch (error) {
    throw new RenderError(
      `Chart.yaml: invalid YAML: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  const name = (chart as { name?: unknown } | null)?.name;
  if (typeof name !== 'string' || !name)
    throw new RenderError('Chart.yaml: missing name');
  return name;
}

/**
 * Helm through its binary, `helm template` only (nothing is installed in a
 * cluster by Helm; Slipway applies the output). The chart's own
 * values.yaml applies; dependencies must be vendored under charts/, since
 * nothing is downloaded: it runs inside the render sandbox. Release name:
 * the `releaseName` render option (the app's name), else the chart's name.
 */
export class HelmRenderer implements Renderer {
  readonly name = 'helm';

  constructor(private readonly options: ToolRendererOptions = {}) {}

  detect(files: string[]): boolean {
    return files.includes('Chart.yaml');
  }

  async render(
    tree: SourceTree,
    options: { namespace: string; signal?: AbortSignal; releaseName?: string },
  ): Promise<KubernetesObject[]> {
    const release = (
      options.releaseName ?? (await chartName(tree))
    ).toLowerCase();
    if (!RELEASE_NAME.test(release)) {
      throw new RenderError(`'${release}' is not a valid Helm release name`);
    }
    await refuseOutsideSchemaReferences(tree, await tree.list());
    const output = await withMaterializedTree(tree, appDir =>
      runConfigTool({
        binary: this.options.binary ?? 'helm',
        args: dir => [
          'template',
          release,
          dir,
          '--namespace',
          options.namespace,
        ],
        appDir,
        sandbox: this.options.sandbox,
        bwrap: this.options.bwrap,
        timeoutMs: this.options.timeoutMs,
        maxOutputBytes: this.options.maxOutputBytes,
        installHint:
          'install it on the PATH of the Slipway backend (go install helm.sh/helm/v3/cmd/helm), or render the chart in CI and commit plain YAML',
        signal: options.signal,
      }),
    );
    return parseManifests(output, 'helm template output');
  }
}
