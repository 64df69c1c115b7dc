import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { waitUntil, type TestGitServer } from '@internal/test-env';
import type { Knex } from 'knex';
import { RolloutHarness } from '../../../__testUtils__/rolloutHarness';
import { argoRolloutsRoot } from '../../../argo/analysis/__testUtils__/argoDocs';
import { POD_TEMPLATE_HASH_LABEL } from '../../../argo/replicas';
import type { RolloutState } from '../../types';
import { ARGO_ROLLOUT_LABEL } from '../observe';

/*
 * What the end-to-end tests of Argo Rollouts share: Argo's own files, read
 * from the pinned release when the tests run, and looks at what Slipway
 * made of them on the local control plane.
 */

/** Files of Argo Rollouts' release, by path from its root, as text. */
export async function upstreamFiles(
  dir: string,
  files: string[],
): Promise<Record<string, string>> {
  const root = await argoRolloutsRoot();
  const read = async (file: string) =>
    [file, await readFile(path.join(root, dir, file), 'utf8')] as const;
  return Object.fromEntries(await Promise.all(files.map(read)));
}

/** The guides' `argoproj/rollouts-demo:blue` with another colour: a new template. */
export const withImage = (text: string, colour: string) =>
  text.replace(
    'argoproj/rollouts-demo:blue',
    `argoproj/rollouts-demo:${colour}`,
  );

/** Argo's status as the last tick saved it. */
export const argo = (s: RolloutState) => s.argo!.status;

/** A started harness for an app whose canary annotation names `canary`. */
export function startArgoApp(options: {
  git: TestGitServer;
  knex: Knex;
  namespace: string;
  canary: string;
  files: Record<string, string>;
}): Promise<RolloutHarness> {
  return new RolloutHarness(options).start();
}

/** The pod template hash a Service selects, if any. */
export async function selectedHash(h: RolloutHarness, service: string) {
  const live = await h.get('v1', 'Service', service);
  return ((live?.spec as any)?.selector ?? {})[POD_TEMPLATE_HASH_LABEL];
}

/** Pods each ReplicaSet of a rollout is scaled to and has ready, by pod template hash. */
export async function replicaSetsOf(h: RolloutHarness, rollout: string) {
  const items = await h.registry.get('local').list('apps/v1', 'ReplicaSet', {
    namespace: h.app.namespace,
    labelSelector: `${ARGO_ROLLOUT_LABEL}=${rollout}`,
  });
  return new Map(
    items.map(rs => [
      rs.metadata.labels![POD_TEMPLATE_HASH_LABEL],
      {
        replicas: (rs.spec as { replicas: number }).replicas,
        ready:
          (rs.status as { readyReplicas?: number } | undefined)
            ?.readyReplicas ?? 0,
      },
    ]),
  );
}

/**
 * Ticks the rollout until what `read` finds is as wanted: some changes
 * (traffic back to stable, a deadline) come a reconcile after the status.
 */
export function tickUntilSeen<T>(
  h: RolloutHarness,
  read: () => Promise<T>,
  until: (value: T) => boolean,
  description: string,
  timeoutMs = 30_000,
): Promise<T> {
  return waitUntil(
    async () => {
      await h.tick();
      return read();
    },
    { until, description, timeoutMs },
  );
}
