import { AppResource } from '@slipway/plugin-gitops-common';
import { devResources } from '../../testing/fixtures';
import { flattenTree } from './buildTree';

const resource = (id: string, parentId?: string): AppResource => ({
  id,
  apiVersion: 'v1',
  kind: 'Pod',
  name: id,
  parentId,
});

const shape = (resources: AppResource[]) =>
  flattenTree(resources).map(({ resource: r, depth }) => `${depth}:${r.id}`);

describe('flattenTree', () => {
  it('puts owners before what they own, depth first', () => {
    // Children listed before their owner still land under it.
    const reversed = [...devResources].reverse();
    expect(shape(reversed)).toEqual([
      '0:apps/Deployment/payments/payments',
      '1:apps/ReplicaSet/payments/payments-7d9f8',
      '2:/Pod/payments/payments-7d9f8-x2k4q',
      '0:/ConfigMap/payments/payments-config',
    ]);
  });

  it('shows a child whose owner is not listed as a root', () => {
    expect(
      shape([resource('pod-a', 'gone-replicaset'), resource('pod-b')]),
    ).toEqual(['0:pod-a', '0:pod-b']);
  });

  it('lists objects in an ownership cycle once each instead of looping', () => {
    expect(
      shape([resource('a', 'b'), resource('b', 'a'), resource('c')]),
    ).toEqual(['0:c', '0:a', '1:b']);
  });
});
