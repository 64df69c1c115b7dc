import { canaryDoc, specOf } from '../spec/__testUtils__/documents';
import { applyArgoTraffic } from './applyTraffic';
import type { ArgoTrafficContext, ArgoTrafficRouter } from './types';

/** A router that records its calls and answers `verified`. */
function recorder(
  name: string,
  calls: string[],
  verified?: boolean,
): ArgoTrafficRouter {
  return {
    kind: 'istio',
    setWeight: async (_ctx, weight) => {
      calls.push(`${name}.setWeight(${weight})`);
    },
    verifyWeight: async () => {
      calls.push(`${name}.verifyWeight`);
      return verified;
    },
    setHeaderRoute: async (_ctx, route) => {
      calls.push(`${name}.setHeaderRoute(${route.name})`);
    },
    removeManagedRoutes: async () => {
      calls.push(`${name}.removeManagedRoutes`);
    },
    updateHash: async ctx => {
      calls.push(`${name}.updateHash(${ctx.canaryHash},${ctx.stableHash})`);
    },
  };
}

const ctx = {
  namespace: 'shop',
  rolloutName: 'web',
  spec: specOf(canaryDoc({})),
  stableService: 'web-stable',
  canaryService: 'web-canary',
  canaryHash: 'c',
  stableHash: 's',
} as ArgoTrafficContext;

describe('applyArgoTraffic', () => {
  it('runs each router through Argo’s order before the next one', async () => {
    const calls: string[] = [];
    const result = await applyArgoTraffic(
      [recorder('a', calls), recorder('b', calls)],
      ctx,
      {
        canaryWeight: 20,
        removeManagedRoutes: true,
        setHeaderRoute: { name: 'beta', match: [] },
      },
    );
    expect(calls).toEqual([
      'a.removeManagedRoutes',
      'a.setHeaderRoute(beta)',
      'a.updateHash(c,s)',
      'a.setWeight(20)',
      'a.verifyWeight',
      'b.removeManagedRoutes',
      'b.setHeaderRoute(beta)',
      'b.updateHash(c,s)',
      'b.setWeight(20)',
      'b.verifyWeight',
    ]);
    expect(result).toEqual({});
  });

  it('sets no weight when none is asked for, and combines the verifications', async () => {
    const calls: string[] = [];
    await expect(
      applyArgoTraffic([recorder('a', calls, true)], ctx, {
        removeManagedRoutes: true,
      }),
    ).resolves.toEqual({});
    expect(calls).toEqual(['a.removeManagedRoutes']);

    const answer = (...verified: (boolean | undefined)[]) =>
      applyArgoTraffic(
        verified.map((v, i) => recorder(String(i), [], v)),
        ctx,
        { canaryWeight: 10 },
      );
    await expect(answer(undefined, true)).resolves.toEqual({ verified: true });
    await expect(answer(true, false)).resolves.toEqual({ verified: false });
  });
});
