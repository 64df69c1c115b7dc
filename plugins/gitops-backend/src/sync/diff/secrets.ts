import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { cloneJson, isJsonMap, JsonMap } from '../../kube/values';

/**
 * Secret masking, after Argo CD's `HideSecretData`: values become runs of `+`.
 * Within one comparison, equal values get equal masks and every further
 * distinct value of the same key a mask four `+` longer, so a reader sees
 * *that* a value changed without seeing any value.
 */

export const SECRET_MASK = '++++++++';
const MASK_GROWTH = '++++';

export const LAST_APPLIED_ANNOTATION =
  'kubectl.kubernetes.io/last-applied-configuration';

/** Fields of a v1 Secret that carry values. */
const VALUE_FIELDS = ['data', 'stringData'] as const;

export interface MaskOptions {
  /** Annotation keys whose values are sensitive too (Argo `resource.sensitive.mask.annotations`). */
  sensitiveAnnotations?: readonly string[];
}

/** Whether `obj` is a core `v1` Secret. */
export function isSecret(obj: unknown): obj is KubernetesObject {
  return isJsonMap(obj) && obj.apiVersion === 'v1' && obj.kind === 'Secret';
}

/** Stable text for a value of any type, so odd (invalid) values mask too. */
function valueKey(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? '';
}

/** Assigns masks for one key across the objects of one comparison. */
class MaskAllocator {
  private readonly masks = new Map<string, string>();
  private next = SECRET_MASK;

  maskFor(value: unknown): string {
    const key = valueKey(value);
    let mask = this.masks.get(key);
    if (mask === undefined) {
      mask = this.next;
      this.next += MASK_GROWTH;
      this.masks.set(key, mask);
    }
    return mask;
  }
}

/** The places in one Secret where values live: its fields and its last-applied copy. */
function valueContainers(secret: JsonMap): JsonMap[] {
  const containers: JsonMap[] = [secret];
  const lastApplied = lastAppliedOf(secret);
  if (lastApplied) {
    containers.push(lastApplied);
  }
  return containers;
}

function lastAppliedOf(secret: JsonMap): JsonMap | undefined {
  const raw = annotationsOf(secret)?.[LAST_APPLIED_ANNOTATION];
  if (typeof raw !== 'string') {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(raw);
    return isJsonMap(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function annotationsOf(obj: JsonMap): JsonMap | undefined {
  const metadata = obj.metadata;
  return isJsonMap(metadata) && isJsonMap(metadata.annotations)
    ? metadata.annotations
    : undefined;
}

/**
 * Replaces the last-applied annotation of a masked Secret: a parseable one is
 * re-serialised from its masked copy, anything else is masked whole.
 */
function writeBackLastApplied(
  secret: JsonMap,
  maskedCopy: JsonMap | undefined,
) {
  const annotations = annotationsOf(secret);
  if (!annotations || !(LAST_APPLIED_ANNOTATION in annotations)) {
    return;
  }
  annotations[LAST_APPLIED_ANNOTATION] = maskedCopy
    ? JSON.stringify(maskedCopy)
    : SECRET_MASK;
}

function maskSensitiveAnnotations(secret: JsonMap, options: MaskOptions) {
  const annotations = annotationsOf(secret);
  for (const key of options.sensitiveAnnotations ?? []) {
    if (annotations && key in annotations) {
      annotations[key] = SECRET_MASK;
    }
  }
}

/**
 * Masks the Secrets among `objects` together (e.g. desired and live), so equal
 * values share a mask across them. Non-Secrets and absent objects pass through
 * unchanged. Inputs are never modified.
 */
export function maskSecretsTogether<T extends readonly unknown[]>(
  objects: T,
  options: MaskOptions = {},
): T {
  const copies = objects.map(obj =>
    isSecret(obj) ? cloneJson(obj) : obj,
  ) as unknown[];
  const secrets = copies.filter(isSecret) as unknown as JsonMap[];
  const containersPerSecret = secrets.map(valueContainers);
  const allocators = new Map<string, MaskAllocator>();

  for (const containers of containersPerSecret) {
    for (const container of containers) {
      for (const field of VALUE_FIELDS) {
        const values = container[field];
        if (values === undefined || values === null) {
          continue;
        }
        if (!isJsonMap(values)) {
          // Malformed field (a string, a list): hide it whole.
          container[field] = SECRET_MASK;
          continue;
        }
        for (const [key, value] of Object.entries(values)) {
          const allocatorKey = `${field}/${key}`;
          let allocator = allocators.get(allocatorKey);
          if (!allocator) {
            allocator = new MaskAllocator();
            allocators.set(allocatorKey, allocator);
          }
          values[key] = allocator.maskFor(value);
        }
      }
    }
  }
  secrets.forEach((secret, i) => {
    writeBackLastApplied(secret, containersPerSecret[i][1]);
    maskSensitiveAnnotations(secret, options);
  });
  return copies as unknown as T;
}

/**
 * A copy of `obj` safe for events, errors and logs: a v1 Secret's `data` and
 * `stringData` values (also inside its last-applied annotation) become
 * `++++++++`. Other objects are returned as they are.
 */
export function maskSecret<T>(obj: T, options: MaskOptions = {}): T {
  return maskSecretsTogether([obj] as const, options)[0];
}

function decodeBase64(value: string): string | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) {
    return undefined;
  }
  return Buffer.from(value, 'base64').toString('utf8');
}

/** Every textual form a Secret value may take in a message. */
function valueForms(field: string, value: unknown): string[] {
  if (typeof value !== 'string') {
    return value === undefined || value === null ? [] : [valueKey(value)];
  }
  const forms = [value];
  if (field === 'data') {
    const decoded = decodeBase64(value);
    if (decoded !== undefined) {
      forms.push(decoded);
    }
  } else {
    forms.push(Buffer.from(value, 'utf8').toString('base64'));
  }
  // JSON- and Go-quoted messages escape quotes, backslashes and newlines.
  return forms.flatMap(form => [form, JSON.stringify(form).slice(1, -1)]);
}

/**
 * Removes from free text (an API server error, a log line) every value of the
 * given Secrets, raw, base64-encoded or decoded, replacing it with the mask.
 * Use on any message that may echo an object Slipway sent or read.
 */
export function redactSecretValues(
  text: string,
  objects: readonly unknown[],
): string {
  const forms = new Set<string>();
  for (const secret of objects.filter(isSecret) as unknown as JsonMap[]) {
    for (const container of valueContainers(secret)) {
      for (const field of VALUE_FIELDS) {
        const values = container[field];
        if (isJsonMap(values)) {
          Object.values(values).forEach(v =>
            valueForms(field, v).forEach(f => forms.add(f)),
          );
        } else if (values !== undefined && values !== null) {
          forms.add(valueKey(values));
        }
      }
    }
  }
  // Longest first, so a value containing another is replaced whole.
  return [...forms]
    .filter(form => form.length > 0)
    .sort((a, b) => b.length - a.length)
    .reduce((result, form) => result.split(form).join(SECRET_MASK), text);
}
