import { withPatch } from '../sync/__fixtures__/merge';
import { deployment } from '../sync/__fixtures__/workloads';
import { fieldsOwnedBy, removeOwnedFields } from './managedFields';

describe('fieldsOwnedBy', () => {
  it('returns the FieldsV1 trees of the named managers only', () => {
    expect(fieldsOwnedBy(deployment, ['kube-controller-manager'])).toEqual([
      { 'f:status': { 'f:replicas': {} } },
    ]);
    expect(fieldsOwnedBy(deployment, ['nobody'])).toEqual([]);
    expect(fieldsOwnedBy(undefined, ['slipway'])).toEqual([]);
    const noFields = withPatch(deployment, {
      metadata: { managedFields: null },
    });
    expect(fieldsOwnedBy(noFields, ['slipway'])).toEqual([]);
  });
});

describe('removeOwnedFields', () => {
  it("removes map leaves, keyed list items' fields, set members and indexes", () => {
    const obj = {
      spec: {
        replicas: 3,
        template: {
          metadata: {
            annotations: {
              'kubectl.kubernetes.io/restartedAt': '2025-05-02T10:00:00Z',
              keep: 'x',
            },
          },
          spec: {
            containers: [
              { name: 'web', image: 'web:1', env: [{ name: 'A', value: '1' }] },
              { name: 'sidecar', image: 'proxy:1' },
            ],
          },
        },
        finalizers: ['a', 'b'],
        list: ['x', 'y', 'z'],
      },
    };
    removeOwnedFields(obj, {
      'f:spec': {
        'f:replicas': {},
        'f:template': {
          'f:metadata': {
            'f:annotations': { 'f:kubectl.kubernetes.io/restartedAt': {} },
          },
          'f:spec': {
            'f:containers': {
              'k:{"name":"web"}': { '.': {}, 'f:image': {} },
              'k:{"name":"sidecar"}': { '.': {} },
            },
          },
        },
        'f:finalizers': { 'v:"b"': {} },
        'f:list': { 'i:0': {}, 'i:2': {} },
        'f:absent': {},
      },
    });
    expect(obj.spec).toEqual({
      template: {
        metadata: { annotations: { keep: 'x' } },
        spec: {
          containers: [{ name: 'web', env: [{ name: 'A', value: '1' }] }],
        },
      },
      finalizers: ['a'],
      list: ['y'],
    });
  });
});
