import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { changedPaths } from './changedPaths';
import {
  ignoredManagers,
  ignoredPointers,
  IgnoreDifferencesRule,
  stripIgnored,
} from './ignoreRules';
import { fieldsOwnedBy, removeOwnedFields } from '../../kube/managedFields';
import { normalizeObject } from './normalize';
import { alignQuantities } from './quantity';
import { MaskOptions, maskSecretsTogether } from './secrets';
import { jsonEqual } from '../../kube/values';
import { toStableYaml } from './yaml';

export interface DiffOptions extends MaskOptions {
  /** Fields to leave out of the comparison, e.g. `/spec/replicas` under an HPA. */
  ignoreDifferences?: readonly IgnoreDifferencesRule[];
  /** Unchanged lines shown around each change in the unified diff (default 3). */
  contextLines?: number;
}

/** What applying the desired state would do to this resource. */
export type DiffAction = 'create' | 'update' | 'prune' | 'none';

export interface ResourceDiff {
  syncStatus: 'Synced' | 'OutOfSync';
  action: DiffAction;
  /** JSON pointers of the differing fields (keys only, never values). */
  changedPaths: string[];
  /** Unified diff live → desired of the normalized YAML; '' when Synced. Secrets masked. Made on first read. */
  readonly diff: string;
  /** Normalized, masked objects as compared (undefined when that side is absent). */
  desired?: KubernetesObject;
  live?: KubernetesObject;
}

/** `group/Kind/namespace/name`, the header of a resource's diff. */
export function resourceLabel(obj: KubernetesObject): string {
  const slash = obj.apiVersion.indexOf('/');
  const group = slash === -1 ? 'core' : obj.apiVersion.slice(0, slash);
  const { namespace, name } = obj.metadata;
  return [group, obj.kind, namespace, name].filter(Boolean).join('/');
}

/**
 * Compares the desired object (the server-side-apply dry-run result, or the
 * rendered manifest for a create) with the live one. Both sides are normalized
 * the same way, ignored fields are stripped from both, and a Secret's values
 * are masked before anything is printed. Pass `undefined` for a side that does
 * not exist: no live → create, no desired → prune.
 */
export function diffResource(
  desired: KubernetesObject | undefined,
  live: KubernetesObject | undefined,
  options: DiffOptions = {},
): ResourceDiff {
  const identity = desired ?? live;
  if (!identity) {
    return { syncStatus: 'Synced', action: 'none', changedPaths: [], diff: '' };
  }
  const normalDesired = desired && normalizeObject(desired);
  const normalLive = live && normalizeObject(live);
  if (normalDesired && normalLive) {
    alignQuantities(normalDesired, normalLive);
  }
  const rules = options.ignoreDifferences ?? [];
  stripIgnored(ignoredPointers(rules, identity), normalDesired, normalLive);
  // Ownership is read from the raw live object: normalizing drops managedFields.
  for (const owned of fieldsOwnedBy(live, ignoredManagers(rules, identity))) {
    removeOwnedFields(normalDesired, owned);
    removeOwnedFields(normalLive, owned);
  }

  const synced = jsonEqual(normalDesired, normalLive);
  let action: DiffAction = 'update';
  if (synced) {
    action = 'none';
  } else if (!normalLive) {
    action = 'create';
  } else if (!normalDesired) {
    action = 'prune';
  }

  // Everything below only ever sees masked copies.
  const [maskedDesired, maskedLive] = maskSecretsTogether(
    [normalDesired, normalLive] as const,
    options,
  );
  const label = resourceLabel(identity);
  const contextLines = options.contextLines ?? 3;
  let text: string | undefined = synced ? '' : undefined;
  return {
    syncStatus: synced ? 'Synced' : 'OutOfSync',
    action,
    changedPaths: synced ? [] : changedPaths(normalLive, normalDesired),
    // Made when first read: a comparison whose object is synced right away
    // (every object of a new commit under auto-sync) never needs it.
    get diff() {
      text ??= unifiedDiff(label, maskedLive, maskedDesired, contextLines);
      return text;
    },
    desired: maskedDesired,
    live: maskedLive,
  };
}

function unifiedDiff(
  label: string,
  live: KubernetesObject | undefined,
  desired: KubernetesObject | undefined,
  contextLines: number,
): string {
  return createTwoFilesPatch(
    `live/${label}`,
    `desired/${label}`,
    toStableYaml(live),
    toStableYaml(desired),
    undefined,
    undefined,
    { context: contextLines, headerOptions: FILE_HEADERS_ONLY },
  );
}
