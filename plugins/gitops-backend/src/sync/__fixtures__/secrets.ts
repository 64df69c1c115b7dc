import { KubernetesObject } from '@slipway/plugin-gitops-node';

/** Plain values of the fixture Secret, for leak checks. */
export const SECRET_VALUES = {
  password: 'hunter2-correct-horse',
  apiToken: 'tok_live_9f8e7d6c5b4a',
} as const;

const b64 = (value: string) => Buffer.from(value, 'utf8').toString('base64');

/** A live Secret once created by `kubectl apply`, then managed by Slipway. */
export const liveSecret: KubernetesObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  type: 'Opaque',
  metadata: {
    name: 'db-credentials',
    namespace: 'shop',
    uid: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e',
    resourceVersion: '60001',
    creationTimestamp: '2025-05-02T09:14:07Z',
    labels: { app: 'db' },
    annotations: {
      'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'db-credentials', namespace: 'shop' },
        stringData: { password: SECRET_VALUES.password },
      }),
    },
    managedFields: [
      {
        manager: 'kubectl-client-side-apply',
        operation: 'Update',
        apiVersion: 'v1',
        time: '2025-05-02T09:14:07Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:data': { '.': {}, 'f:password': {} },
          'f:metadata': {
            'f:annotations': {
              '.': {},
              'f:kubectl.kubernetes.io/last-applied-configuration': {},
            },
          },
          'f:type': {},
        },
      },
      {
        manager: 'slipway',
        operation: 'Apply',
        apiVersion: 'v1',
        time: '2025-05-02T09:20:11Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:data': { 'f:apiToken': {}, 'f:password': {} },
          'f:metadata': { 'f:labels': { 'f:app': {} } },
        },
      },
    ],
  },
  data: {
    password: b64(SECRET_VALUES.password),
    apiToken: b64(SECRET_VALUES.apiToken),
  },
};
