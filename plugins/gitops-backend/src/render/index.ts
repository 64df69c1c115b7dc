export { PlainRenderer, DEFAULT_MAX_MANIFEST_BYTES } from './PlainRenderer';
export { KustomizeRenderer, KUSTOMIZATION_FILES } from './KustomizeRenderer';
export type { ToolRendererOptions } from './KustomizeRenderer';
export { HelmRenderer } from './HelmRenderer';
export { selectRenderer, builtInRenderers } from './selectRenderer';
export {
  splitRolloutDocuments,
  isRolloutDocument,
} from './splitRolloutDocuments';
export { parseManifests } from './parseManifests';
export { RenderError } from './RenderError';
export { runTool } from './runTool';
export type { RunToolOptions } from './runTool';
export { runConfigTool } from './runConfigTool';
export type { ConfigToolRun } from './runConfigTool';
