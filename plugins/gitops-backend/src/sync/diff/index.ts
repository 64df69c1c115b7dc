export { diffResource, resourceLabel } from './compare';
export type { DiffAction, DiffOptions, ResourceDiff } from './compare';
export type { IgnoreDifferencesRule } from './ignoreRules';
export { normalizeObject } from './normalize';
export { parseQuantity, quantitiesEqual } from './quantity';
export {
  isSecret,
  maskSecret,
  maskSecretsTogether,
  redactSecretValues,
  SECRET_MASK,
} from './secrets';
export type { MaskOptions } from './secrets';
export { toStableYaml } from './yaml';
