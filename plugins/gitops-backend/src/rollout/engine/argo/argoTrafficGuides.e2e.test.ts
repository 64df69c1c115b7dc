import { testGitServer } from '@internal/test-env';
import { createTestDatabases } from '../../../__testUtils__/testDatabases';
import { uniqueName } from '../../../clusters/__testUtils__/localKube';
import type { RolloutHarness } from '../../__testUtils__/rolloutHarness';
import {
  argo,
  selectedHash,
  startArgoApp,
  tickUntilSeen,
  upstreamFiles,
  withImage,
} from './__testUtils__/argoHarness';

jest.setTimeout(300_000);

// Argo Rollouts' getting-started guides for NGINX and Istio, with the
// guides' own files read from the pinned release when the test runs. The
// local control plane runs no ingress controller or mesh: what a test can
// see is what those would read, the routing objects Slipway writes.

const databases = createTestDatabases();
const git = testGitServer();
const NAME = 'rollouts-demo';

const guide = (dir: string, files: string[]) =>
  upstreamFiles(`docs/getting-started/${dir}`, files);

async function start(namespace: string, files: Record<string, string>) {
  const knex = await databases.init();
  return startArgoApp({ git, knex, namespace, canary: NAME, files });
}

/** Stable and canary weights of a VirtualService's route, by destination host. */
async function routeWeights(h: RolloutHarness, vs: string, route: string) {
  const live = await h.get(
    'networking.istio.io/v1alpha3',
    'VirtualService',
    vs,
  );
  const http = ((live?.spec as any)?.http ?? []).find(
    (r: any) => r.name === route,
  );
  const weight = (host: string) =>
    http?.route?.find((d: any) => d.destination.host === host)?.weight;
  return { stable: weight(`${NAME}-stable`), canary: weight(`${NAME}-canary`) };
}

async function paused(h: RolloutHarness) {
  return h.tickUntil(
    s => s.argo?.status.phase === 'Paused',
    'the untimed pause of step 1',
  );
}

describe("Argo Rollouts' traffic-routing guides, run by Slipway", () => {
  it('Istio: sets the weights of the named routes in both VirtualServices, keeps them through a sync of other changes, and hands all traffic to the new revision on promotion', async () => {
    const files = await guide('istio', [
      'rollout.yaml',
      'services.yaml',
      'multipleVirtualsvc.yaml',
    ]);
    const h = await start(uniqueName('argo-istio'), files);
    try {
      await h.sync();
      const first = await h.tickUntil(
        s => s.argo?.status.phase === 'Healthy',
        'the first revision Healthy',
      );
      const blue = argo(first).stableRS;
      expect(await selectedHash(h, `${NAME}-stable`)).toBe(blue);
      expect(await selectedHash(h, `${NAME}-canary`)).toBe(blue);

      await h.commitAndSync(
        { 'rollout.yaml': withImage(files['rollout.yaml'], 'yellow') },
        'yellow',
      );
      const waiting = await paused(h);
      const yellow = argo(waiting).currentPodHash;
      expect(await selectedHash(h, `${NAME}-canary`)).toBe(yellow);
      expect(await selectedHash(h, `${NAME}-stable`)).toBe(blue);
      expect(await routeWeights(h, `${NAME}-vsvc1`, 'primary')).toEqual({
        stable: 95,
        canary: 5,
      });
      expect(await routeWeights(h, `${NAME}-vsvc2`, 'secondary')).toEqual({
        stable: 95,
        canary: 5,
      });
      expect(waiting.argo!.status.canary.weights?.canary.weight).toBe(5);
      expect(waiting.canaryWeight).toBe(5);

      // A sync of another change in the VirtualService keeps the weights
      // the rollout set: the two engines never undo each other's writes.
      await h.commitAndSync(
        {
          'multipleVirtualsvc.yaml': files['multipleVirtualsvc.yaml'].replace(
            '- rollouts-demo-vsvc1.local',
            '- rollouts-demo-vsvc1.local\n  - rollouts-demo.example.com',
          ),
        },
        'another host',
      );
      const vs1 = await h.get(
        'networking.istio.io/v1alpha3',
        'VirtualService',
        `${NAME}-vsvc1`,
      );
      expect((vs1!.spec as any).hosts).toContain('rollouts-demo.example.com');
      expect(await routeWeights(h, `${NAME}-vsvc1`, 'primary')).toEqual({
        stable: 95,
        canary: 5,
      });

      await h.engine.control(h.app.key, NAME, 'promote');
      await h.tickUntil(
        s => s.argo?.status.phase === 'Healthy' && argo(s).stableRS === yellow,
        'the new revision promoted',
      );
      await tickUntilSeen(
        h,
        () => routeWeights(h, `${NAME}-vsvc1`, 'primary'),
        w => w.stable === 100 && w.canary === 0,
        'all traffic back on the stable route',
      );
      expect(await selectedHash(h, `${NAME}-stable`)).toBe(yellow);
    } finally {
      await h.stop();
    }
  });

  it('NGINX: makes the canary Ingress from the stable one, weighted 5, pointing at the canary Service, and back to 0 once promoted', async () => {
    const files = await guide('nginx', [
      'rollout.yaml',
      'services.yaml',
      'ingress.yaml',
    ]);
    const h = await start(uniqueName('argo-nginx'), files);
    try {
      await h.sync();
      await h.tickUntil(s => s.argo?.status.phase === 'Healthy', 'Healthy');
      await h.commitAndSync(
        { 'rollout.yaml': withImage(files['rollout.yaml'], 'yellow') },
        'yellow',
      );
      await paused(h);
      const canaryIngress = await h.get(
        'networking.k8s.io/v1',
        'Ingress',
        `${NAME}-${NAME}-stable-canary`,
      );
      expect(canaryIngress?.metadata.annotations).toMatchObject({
        'nginx.ingress.kubernetes.io/canary': 'true',
        'nginx.ingress.kubernetes.io/canary-weight': '5',
      });
      const backend = (canaryIngress!.spec as any).rules[0].http.paths[0]
        .backend;
      expect(backend.service.name).toBe(`${NAME}-canary`);
      const stable = await h.get(
        'networking.k8s.io/v1',
        'Ingress',
        `${NAME}-stable`,
      );
      expect(
        (stable!.spec as any).rules[0].http.paths[0].backend.service.name,
      ).toBe(`${NAME}-stable`);

      await h.engine.control(h.app.key, NAME, 'promote');
      await h.tickUntil(
        s =>
          s.argo?.status.phase === 'Healthy' &&
          argo(s).stableRS === argo(s).currentPodHash,
        'promoted',
      );
      // As in Argo: the canary takes all traffic until the stable Service
      // moves to the new ReplicaSet, then the canary Ingress goes back to 0.
      await tickUntilSeen(
        h,
        () =>
          h.get(
            'networking.k8s.io/v1',
            'Ingress',
            `${NAME}-${NAME}-stable-canary`,
          ),
        ingress =>
          ingress?.metadata.annotations?.[
            'nginx.ingress.kubernetes.io/canary-weight'
          ] === '0',
        'the canary Ingress back at weight 0',
      );
    } finally {
      await h.stop();
    }
  });
});
