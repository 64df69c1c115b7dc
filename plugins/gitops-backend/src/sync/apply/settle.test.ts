import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { LiveChange, ObjectRef } from '../../kube/ClusterApi';
import { FakeClusterApi } from '../../kube/__testUtils__/FakeClusterApi';
import { nextChange } from '../../kube/nextChange';
import { objectId } from '../../kube/objectId';
import { DryRunCache } from './compareApp';
import { settleCompare } from './settle';
import { configMap, prepare } from './__testUtils__/syncFixtures';

/**
 * A cluster whose watch cache lags: what was applied stays out of reads
 * until `deliver`, which is also the only change `nextChange` hears of.
 */
class LaggingCluster extends FakeClusterApi {
  readonly #lagging = new Set<string>();
  readonly #listeners = new Set<(obj: KubernetesObject) => void>();

  lag(obj: KubernetesObject) {
    this.seed(obj);
    this.#lagging.add(objectId(obj));
  }

  deliver(obj: KubernetesObject) {
    this.#lagging.delete(objectId(obj));
    this.#listeners.forEach(listener => listener(obj));
  }

  async getLive(ref: ObjectRef) {
    const live = await super.getLive(ref);
    return live && this.#lagging.has(objectId(live)) ? undefined : live;
  }

  nextChange(ids: string[], timeoutMs: number): LiveChange {
    return nextChange(
      listener => {
        this.#listeners.add(listener);
        return () => this.#listeners.delete(listener);
      },
      ids,
      timeoutMs,
    );
  }
}

describe('settleCompare', () => {
  it('compares again when the cache records an applied object, not on a clock', async () => {
    const cluster = new LaggingCluster();
    const prepared = await prepare(cluster, [configMap('orders')]);
    cluster.lag(prepared[0].object);
    cluster.clearCalls();

    const settled = settleCompare(
      cluster,
      prepared,
      new DryRunCache(),
      'app',
      60_000,
    );
    // The first compare finds nothing live yet and waits for the change.
    await new Promise(setImmediate);
    expect(cluster.log('dryRun')).toEqual(['dryRun ConfigMap shop/orders']);

    cluster.deliver(prepared[0].object);
    const compared = await settled;
    expect(compared.map(c => c.diff.syncStatus)).toEqual(['Synced']);
    expect(cluster.log('dryRun')).toHaveLength(2);
  });

  it('returns what it sees at the timeout when the object never arrives', async () => {
    const cluster = new LaggingCluster();
    const prepared = await prepare(cluster, [configMap('orders')]);
    cluster.lag(prepared[0].object);

    const compared = await settleCompare(
      cluster,
      prepared,
      new DryRunCache(),
      'app',
      50,
    );

    expect(compared.map(c => [c.diff.syncStatus, c.diff.action])).toEqual([
      ['OutOfSync', 'create'],
    ]);
  });

  it('does not wait when the first compare is already in sync', async () => {
    const cluster = new LaggingCluster();
    const prepared = await prepare(cluster, [configMap('orders')]);
    cluster.seed(prepared[0].object);
    cluster.clearCalls();

    const compared = await settleCompare(
      cluster,
      prepared,
      new DryRunCache(),
      'app',
      60_000,
    );

    expect(compared.map(c => c.diff.syncStatus)).toEqual(['Synced']);
    expect(cluster.log('dryRun')).toHaveLength(1);
  });
});
