import type { Renderer } from '@slipway/plugin-gitops-node';
import { HelmRenderer } from './HelmRenderer';
import { KustomizeRenderer } from './KustomizeRenderer';
import { PlainRenderer } from './PlainRenderer';

/** The built-in renderers in detection order: kustomize, helm, then plain (always matches). */
export function builtInRenderers(): Renderer[] {
  return [new KustomizeRenderer(), new HelmRenderer(), new PlainRenderer()];
}

/**
 * Picks the renderer for an app path from its file list (relative paths).
 * Renderers added through the extension point are asked first, in the order
 * given, so a module can claim paths before the built-ins (e.g. a jsonnet or
 * cdk8s renderer); then kustomization.yaml → kustomize, Chart.yaml → helm,
 * else plain YAML/JSON.
 */
export function selectRenderer(
  files: string[],
  extraRenderers: Renderer[] = [],
  builtIns: Renderer[] = builtInRenderers(),
): Renderer {
  const found = [...extraRenderers, ...builtIns].find(r => r.detect(files));
  return found ?? new PlainRenderer();
}
