import type {
  KubernetesObject,
  KubernetesObjectRef,
} from '@slipway/plugin-gitops-node';
import { CachedRolloutReads, LiveReader } from './cachedRolloutReads';

const ref: KubernetesObjectRef = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  namespace: 'team-a',
  name: 'web-primary',
};
const at = (resourceVersion: string, image = 'web:1'): KubernetesObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web-primary', namespace: 'team-a', resourceVersion },
  spec: { template: { spec: { containers: [{ name: 'web', image }] } } },
});
const TEAM_A = 'system:serviceaccount:team-a:deployer';
const TEAM_B = 'system:serviceaccount:team-b:deployer';

/** A watch cache that holds what the test puts in it, counting its reads. */
function watchCacheHolding(object?: KubernetesObject) {
  const cache = {
    object,
    reads: 0,
    failing: undefined as Error | undefined,
    name: 'prod',
    async getLive() {
      cache.reads++;
      if (cache.failing) throw cache.failing;
      return cache.object;
    },
  };
  return cache satisfies LiveReader;
}

describe('CachedRolloutReads', () => {
  it('answers from the cache only for an object a direct read or write returned', async () => {
    const reads = new CachedRolloutReads();
    const cache = watchCacheHolding(at('100'));
    expect(await reads.read(cache, ref, TEAM_A)).toBeUndefined();
    expect(cache.reads).toBe(0);
    reads.vouch('prod', TEAM_A, ref, at('100'));
    expect(await reads.read(cache, ref, TEAM_A)).toEqual(at('100'));
  });

  it("never answers with a copy older than the engine's own last write", async () => {
    const reads = new CachedRolloutReads();
    // The cache still holds the primary before the engine promoted web:2.
    const cache = watchCacheHolding(at('100', 'web:1'));
    reads.vouch('prod', TEAM_A, ref, at('105', 'web:2'));
    expect(await reads.read(cache, ref, TEAM_A)).toBeUndefined();
    // Once the watch delivers the write, or anything after it, the cache answers.
    cache.object = at('105', 'web:2');
    expect(await reads.read(cache, ref, TEAM_A)).toEqual(at('105', 'web:2'));
    cache.object = at('112', 'web:2');
    expect(await reads.read(cache, ref, TEAM_A)).toEqual(at('112', 'web:2'));
  });

  it('compares revisions as numbers, not as text', async () => {
    const reads = new CachedRolloutReads();
    reads.vouch('prod', TEAM_A, ref, at('99'));
    expect(await reads.read(watchCacheHolding(at('100')), ref, TEAM_A)).toEqual(
      at('100'),
    );
    reads.vouch('prod', TEAM_A, ref, at('100'));
    expect(
      await reads.read(watchCacheHolding(at('99')), ref, TEAM_A),
    ).toBeUndefined();
  });

  it('reads directly when the cache lost the object: it may be gone or not seen yet', async () => {
    const reads = new CachedRolloutReads();
    reads.vouch('prod', TEAM_A, ref, at('100'));
    expect(
      await reads.read(watchCacheHolding(undefined), ref, TEAM_A),
    ).toBeUndefined();
  });

  it("does not let one project's ServiceAccount vouch for another's reads", async () => {
    const reads = new CachedRolloutReads();
    const cache = watchCacheHolding(at('100'));
    reads.vouch('prod', TEAM_A, ref, at('100'));
    expect(await reads.read(cache, ref, TEAM_B)).toBeUndefined();
    expect(await reads.read(cache, ref, undefined)).toBeUndefined();
    expect(
      await reads.read({ ...cache, name: 'staging' }, ref, TEAM_A),
    ).toBeUndefined();
  });

  it('sends a read to the API server again once the vouch expires, so RBAC judges it again', async () => {
    let now = 0;
    const reads = new CachedRolloutReads({
      vouchedForMs: 60_000,
      now: () => now,
    });
    const cache = watchCacheHolding(at('100'));
    reads.vouch('prod', TEAM_A, ref, at('100'));
    now = 59_999;
    expect(await reads.read(cache, ref, TEAM_A)).toBeDefined();
    now = 60_000;
    expect(await reads.read(cache, ref, TEAM_A)).toBeUndefined();
    // Expired means forgotten: a later read still goes to the API server.
    now = 0;
    expect(await reads.read(cache, ref, TEAM_A)).toBeUndefined();
  });

  it('forgets an object the engine deleted', async () => {
    const reads = new CachedRolloutReads();
    reads.vouch('prod', TEAM_A, ref, at('100'));
    reads.forget('prod', TEAM_A, ref);
    expect(
      await reads.read(watchCacheHolding(at('100')), ref, TEAM_A),
    ).toBeUndefined();
  });

  it('a direct read that found nothing withdraws an earlier vouch', async () => {
    const reads = new CachedRolloutReads();
    reads.vouch('prod', TEAM_A, ref, at('100'));
    reads.vouch('prod', TEAM_A, ref, undefined);
    expect(
      await reads.read(watchCacheHolding(at('100')), ref, TEAM_A),
    ).toBeUndefined();
  });

  it('never caches Secrets, nor objects whose versions are not revisions', async () => {
    const reads = new CachedRolloutReads();
    const secretRef = {
      ...ref,
      apiVersion: 'v1',
      kind: 'Secret',
      name: 'token',
    };
    const secret = { ...at('100'), apiVersion: 'v1', kind: 'Secret' };
    reads.vouch('prod', TEAM_A, secretRef, secret);
    const cache = watchCacheHolding(secret);
    expect(await reads.read(cache, secretRef, TEAM_A)).toBeUndefined();
    reads.vouch('prod', TEAM_A, ref, at('opaque-7'));
    expect(
      await reads.read(watchCacheHolding(at('opaque-7')), ref, TEAM_A),
    ).toBeUndefined();
    expect(cache.reads).toBe(0);
  });

  it('reads a kind the cache cannot watch directly, and tries the cache again only later', async () => {
    let now = 0;
    const reads = new CachedRolloutReads({
      untrackableForMs: 300_000,
      now: () => now,
      vouchedForMs: 3_600_000,
    });
    const cache = watchCacheHolding(at('100'));
    cache.failing = new Error('virtualservices is forbidden');
    reads.vouch('prod', TEAM_A, ref, at('100'));
    expect(await reads.read(cache, ref, TEAM_A)).toBeUndefined();
    expect(await reads.read(cache, ref, TEAM_A)).toBeUndefined();
    expect(cache.reads).toBe(1);
    now = 300_000;
    cache.failing = undefined;
    expect(await reads.read(cache, ref, TEAM_A)).toEqual(at('100'));
  });
});
