import { KubernetesObject } from '@slipway/plugin-gitops-node';

/** The API group of an apiVersion: '' for the core group. */
export const apiGroup = (apiVersion: string) =>
  apiVersion.includes('/') ? apiVersion.split('/')[0] : '';

/** `<group>/<kind>/<namespace>/<name>`; the inventory key of an object. */
export function objectId(obj: KubernetesObject): string {
  return [
    apiGroup(obj.apiVersion),
    obj.kind,
    obj.metadata.namespace ?? '',
    obj.metadata.name,
  ].join('/');
}

/** Splits an id back into its parts. */
export function parseObjectId(id: string) {
  const [group, kind, namespace, name] = id.split('/');
  return { group, kind, namespace: namespace || undefined, name };
}

/** `Kind namespace/name`, as messages show it. */
export const objectLabel = (obj: KubernetesObject) =>
  `${obj.kind} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${
    obj.metadata.name
  }`;

/** The reference the cluster API takes for an object. */
export const refOf = (obj: KubernetesObject) => ({
  apiVersion: obj.apiVersion,
  kind: obj.kind,
  namespace: obj.metadata.namespace,
  name: obj.metadata.name,
});
