import * as k8s from '@kubernetes/client-node';

/*
 * The pod spec of a Rollout's template, checked as its CRD checks it: the
 * CRD carries the whole `PodSpec` schema, so a field Kubernetes does not
 * know (a misspelt `imagePullPolicy`, an object where a list belongs) is
 * refused under strict field validation, and a value of the wrong type is
 * refused too. The shape comes from the Kubernetes API models of
 * @kubernetes/client-node (`attributeTypeMap`: every field and its type),
 * so fields newer than Argo's CRD are accepted, as the API server creating
 * the ReplicaSet accepts them. Required fields and value rules (names,
 * ports, enums) are the API server's to judge when the ReplicaSet is
 * created, as before; Slipway checks only that containers are present.
 */

interface Attribute {
  baseName: string;
  type: string;
  format: string;
}

interface Model {
  getAttributeTypeMap(): Attribute[];
}

export interface PodSpecIssue {
  /** Relative to the pod spec. */
  path: (string | number)[];
  message: string;
}

const models = k8s as unknown as Record<string, Partial<Model> | undefined>;

function modelOf(type: string): Model | undefined {
  const model = models[type];
  return typeof model?.getAttributeTypeMap === 'function'
    ? (model as Model)
    : undefined;
}

const fieldsCache = new Map<string, Map<string, Attribute>>();

function fieldsOf(type: string, model: Model): Map<string, Attribute> {
  let fields = fieldsCache.get(type);
  if (!fields) {
    fields = new Map(model.getAttributeTypeMap().map(a => [a.baseName, a]));
    fieldsCache.set(type, fields);
  }
  return fields;
}

/**
 * Resource quantities (`cpu: 1`, `memory: 512Mi`): the models type them as
 * strings, Kubernetes as int-or-string.
 */
const QUANTITIES = new Set([
  'V1ResourceRequirements.limits',
  'V1ResourceRequirements.requests',
  'V1VolumeResourceRequirements.limits',
  'V1VolumeResourceRequirements.requests',
  'V1PodSpec.overhead',
  'V1ResourceFieldSelector.divisor',
  'V1EmptyDirVolumeSource.sizeLimit',
]);

const ARRAY = /^Array<(.+)>$/;
const MAP = /^\{ \[key: string\]: (.+); \}$/;

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

const article = (type: string) =>
  /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;

const isInteger = (value: unknown) =>
  typeof value === 'number' && Number.isInteger(value);

/** Why a value does not have the shape of `type` (a list, a map, a scalar, an object); undefined when it has. */
function shapeProblem(
  value: unknown,
  type: string,
  quantity: boolean,
): string | undefined {
  const kind = kindOf(value);
  const expect = (expected: string, ok: boolean) =>
    ok ? undefined : `must be ${article(expected)}, got ${kind}`;
  if (ARRAY.test(type)) return expect('array', kind === 'array');
  if (MAP.test(type)) return expect('object', kind === 'object');
  switch (type) {
    case 'string':
      return quantity
        ? expect('string or an integer', kind === 'string' || isInteger(value))
        : expect('string', kind === 'string');
    case 'Date':
      return expect('string', kind === 'string');
    case 'boolean':
      return expect('boolean', kind === 'boolean');
    case 'number':
      // Every number of a PodSpec is an int32 or an int64.
      if (kind !== 'number') return expect('integer', false);
      return isInteger(value) ? undefined : 'must be an integer';
    case 'IntOrString':
      return kind === 'string' || isInteger(value)
        ? undefined
        : 'must be an integer or a string';
    case 'any':
    case 'object':
      return undefined;
    default:
      return modelOf(type) ? expect('object', kind === 'object') : undefined;
  }
}

function check(
  value: unknown,
  type: string,
  path: (string | number)[],
  issues: PodSpecIssue[],
  quantity = false,
): void {
  // A null the API server pruned (see nulls.ts).
  if (value === undefined) return;
  const problem = shapeProblem(value, type, quantity);
  if (problem) {
    issues.push({ path, message: problem });
    return;
  }
  const array = ARRAY.exec(type);
  const map = MAP.exec(type);
  const model = modelOf(type);
  if (array) {
    (value as unknown[]).forEach((item, i) =>
      check(item, array[1], [...path, i], issues, quantity),
    );
  } else if (map) {
    for (const [key, item] of Object.entries(value as object)) {
      check(item, map[1], [...path, key], issues, quantity);
    }
  } else if (model) {
    const fields = fieldsOf(type, model);
    for (const [key, item] of Object.entries(value as object)) {
      const field = fields.get(key);
      if (!field) {
        issues.push({ path: [...path, key], message: 'unknown field' });
      } else {
        check(
          item,
          field.type,
          [...path, key],
          issues,
          QUANTITIES.has(`${type}.${key}`),
        );
      }
    }
  }
}

/** Every field of a pod spec that Kubernetes' `PodSpec` does not declare or types otherwise. */
export function podSpecIssues(spec: unknown): PodSpecIssue[] {
  const issues: PodSpecIssue[] = [];
  check(spec, 'V1PodSpec', [], issues);
  return issues;
}
