/**
 * The `rollouts-pod-template-hash` of a pod template.
 *
 * Argo (`utils/hash/hash.go`, `ComputePodTemplateHash`) feeds Go's
 * `json.Marshal` of the `corev1.PodTemplateSpec` into 32-bit FNV-1a, then
 * the collision count as 8 little-endian bytes when the rollout has one,
 * and writes the decimal sum through apimachinery's `rand.SafeEncodeString`
 * (each digit becomes a consonant or a digit from
 * `bcdfghjklmnpqrstvwxz2456789`, so no word can be spelled). Slipway keeps
 * every step but the first: Go marshals struct fields in declaration order
 * and adds fields of its own (`creationTimestamp: null`, `resources: {}`),
 * which only Go's types reproduce. Slipway hashes canonical JSON instead:
 * object keys sorted at every level, `null` and `undefined` members left
 * out (the API server prunes them) and empty `metadata.labels` and
 * `metadata.annotations` treated as absent. So the hash:
 *
 * - is deterministic: the same template, whatever its key order, always
 *   gives the same hash, on any machine and Node version;
 * - is short: at most 10 characters, the decimal digits of a 32-bit number;
 * - is DNS-label safe: only `[4-9bcdf]`, so `<rollout>-<hash>` is a valid
 *   name and the hash a valid label value;
 * - differs from the hash Argo's controller computes for the same template.
 *   A rollout taken over from a running Argo controller therefore creates
 *   a ReplicaSet of its own once, as after a template change.
 */

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** A pod template as written: what `PodTemplate` (argo/spec) and a Deployment's `spec.template` both are. */
export interface HashablePodTemplate {
  /** Other metadata fields, if any, are hashed too. */
  metadata?: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: unknown;
}

/**
 * The hash of `template`, the pod template as written (the Rollout's
 * `spec.template`, or the Deployment's under `workloadRef`), never a
 * ReplicaSet's, which carries the hash label and ephemeral metadata.
 * `collisionCount` is the rollout's
 * `status.collisionCount`: Argo bumps it when a ReplicaSet named
 * `<rollout>-<hash>` already exists with another template, which changes
 * the hash.
 */
export function podTemplateHash(
  template: HashablePodTemplate,
  collisionCount?: number,
): string {
  let hash = fnv1a(FNV_OFFSET, Buffer.from(canonicalTemplateJson(template)));
  if (collisionCount !== undefined) {
    // binary.LittleEndian.PutUint32 into an 8-byte slice: 4 bytes, then 4 zeros.
    const bytes = Buffer.alloc(8);
    bytes.writeUInt32LE(collisionCount >>> 0, 0);
    hash = fnv1a(hash, bytes);
  }
  return safeEncode(String(hash));
}

/** apimachinery's `rand.SafeEncodeString`: each character's code, modulo 27, picks from the safe alphabet. */
export function safeEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    out += SAFE_ALPHABET[byte % SAFE_ALPHABET.length];
  }
  return out;
}

/** The canonical JSON the hash is computed from. */
export function canonicalTemplateJson(template: HashablePodTemplate): string {
  const { labels, annotations, ...restMetadata } = template.metadata ?? {};
  const metadata: Record<string, unknown> = { ...restMetadata };
  if (labels && Object.keys(labels).length) metadata.labels = labels;
  if (annotations && Object.keys(annotations).length)
    metadata.annotations = annotations;
  return JSON.stringify(canonical({ metadata, spec: template.spec }));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(v => canonical(v) ?? null);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member === null || member === undefined) continue;
    out[key] = canonical(member);
  }
  return out;
}

function fnv1a(seed: number, bytes: Uint8Array): number {
  let hash = seed >>> 0;
  for (const byte of bytes) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash;
}
