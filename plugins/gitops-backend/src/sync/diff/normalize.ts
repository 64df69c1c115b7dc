import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { isSecret, LAST_APPLIED_ANNOTATION } from './secrets';
import { cloneJson, isJsonMap, JsonMap } from '../../kube/values';

/**
 * Metadata a manifest author controls. Everything else in `metadata` is owned
 * by the API server or by controllers (uid, resourceVersion, generation,
 * creationTimestamp, managedFields, ownerReferences, finalizers…), and Flux
 * compares only labels and annotations for the same reason.
 */
const COMPARED_METADATA = ['name', 'namespace', 'labels', 'annotations'];

/** Annotations written by tools, not by the manifest author. */
const TOOL_ANNOTATIONS = [LAST_APPLIED_ANNOTATION];

const RBAC_RULE_KINDS = ['Role', 'ClusterRole'];

function normalizeMetadata(metadata: unknown): JsonMap {
  const source = isJsonMap(metadata) ? metadata : {};
  const result: JsonMap = {};
  for (const key of COMPARED_METADATA) {
    if (source[key] !== undefined && source[key] !== null) {
      result[key] = source[key];
    }
  }
  if (isJsonMap(result.annotations)) {
    for (const key of TOOL_ANNOTATIONS) {
      delete result.annotations[key];
    }
  }
  // `labels: {}` and no labels mean the same thing.
  for (const key of ['labels', 'annotations']) {
    const map = result[key];
    if (isJsonMap(map) && Object.keys(map).length === 0) {
      delete result[key];
    }
  }
  return result;
}

/** Drops null map entries: YAML `key:` / `creationTimestamp: null` mean "unset". */
function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(dropNulls);
  }
  if (isJsonMap(value)) {
    const result: JsonMap = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== null && item !== undefined) {
        result[key] = dropNulls(item);
      }
    }
    return result;
  }
  return value;
}

/** The API server defaults a port's protocol to TCP (Services, containers, NetworkPolicies). */
function defaultPortProtocols(value: unknown, parentKey = ''): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (
        parentKey === 'ports' &&
        isJsonMap(item) &&
        ('port' in item || 'containerPort' in item) &&
        item.protocol === undefined
      ) {
        item.protocol = 'TCP';
      }
      defaultPortProtocols(item, parentKey);
    }
  } else if (isJsonMap(value)) {
    for (const [key, item] of Object.entries(value)) {
      defaultPortProtocols(item, key);
    }
  }
}

/** Folds `stringData` into base64 `data`, as the API server stores a Secret. */
function foldStringData(secret: JsonMap): void {
  const stringData = secret.stringData;
  if (!isJsonMap(stringData)) {
    return; // absent, or malformed: left for the mask to hide
  }
  const data = isJsonMap(secret.data) ? secret.data : {};
  for (const [key, value] of Object.entries(stringData)) {
    data[key] = Buffer.from(
      typeof value === 'string' ? value : '',
      'utf8',
    ).toString('base64');
  }
  secret.data = data;
  delete secret.stringData;
}

/**
 * The comparable form of an object: server-owned metadata, `status` and tool
 * annotations removed, and API defaults applied that a rendered manifest may
 * lack. Applied to both sides; the input is not modified.
 */
export function normalizeObject(obj: KubernetesObject): KubernetesObject {
  const copy = dropNulls(cloneJson(obj)) as KubernetesObject;
  delete copy.status;
  copy.metadata = normalizeMetadata(
    copy.metadata,
  ) as KubernetesObject['metadata'];
  if (isSecret(copy)) {
    foldStringData(copy);
  }
  if (
    RBAC_RULE_KINDS.includes(copy.kind) &&
    Array.isArray(copy.rules) &&
    copy.rules.length === 0
  ) {
    delete copy.rules; // `rules: []` and no rules are the same grant
  }
  defaultPortProtocols(copy);
  return copy;
}
