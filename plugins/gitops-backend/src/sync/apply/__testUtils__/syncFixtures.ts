import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { FakeClusterApi } from '../../../kube/__testUtils__/FakeClusterApi';
import { testProject } from '../../../__testUtils__/testProject';
import { compareApp, DryRunCache } from '../compareApp';
import { prepareManifests, PreparedObject } from '../prepareManifests';
import { SyncPlan } from '../runSync';

/** The app every fixture belongs to, and the namespace it defaults to. */
export const APP = 'component:default/shop@fake';
export const NS = 'shop';

type Marks = Record<string, string>;

/** A rendered manifest: no namespace unless given, as a renderer emits it. */
export function manifest(
  apiVersion: string,
  kind: string,
  name: string,
  options: { namespace?: string; annotations?: Marks; labels?: Marks } = {},
  body: Record<string, unknown> = {},
): KubernetesObject {
  return {
    apiVersion,
    kind,
    metadata: {
      name,
      ...(options.namespace ? { namespace: options.namespace } : {}),
      ...(options.annotations ? { annotations: options.annotations } : {}),
      ...(options.labels ? { labels: options.labels } : {}),
    },
    ...body,
  };
}

export const wave = (n: number): Marks => ({ 'slipway.dev/sync-wave': `${n}` });
export const hook = (phases: string): Marks => ({ 'slipway.dev/hook': phases });

export const namespace = (name: string, annotations?: Marks) =>
  manifest('v1', 'Namespace', name, { annotations });
export const configMap = (name: string, annotations?: Marks) =>
  manifest('v1', 'ConfigMap', name, { annotations }, { data: { name } });
export const deployment = (name: string, annotations?: Marks) =>
  manifest('apps/v1', 'Deployment', name, { annotations });
export const service = (name: string, annotations?: Marks) =>
  manifest('v1', 'Service', name, { annotations });
export const job = (name: string, annotations?: Marks) =>
  manifest('batch/v1', 'Job', name, { annotations });

/** A namespaced kind `Widget` of `group`, and its CRD. */
export const widgetCrd = (group = 'example.com') =>
  manifest(
    'apiextensions.k8s.io/v1',
    'CustomResourceDefinition',
    `widgets.${group}`,
    {},
    {
      spec: {
        group,
        scope: 'Namespaced',
        names: { kind: 'Widget', plural: 'widgets' },
      },
    },
  );
export const widget = (
  name: string,
  annotations?: Marks,
  group = 'example.com',
) => manifest(`${group}/v1`, 'Widget', name, { annotations });

export const JOB_RUNNING = { active: 1 };
export const JOB_COMPLETE = {
  conditions: [{ type: 'Complete', status: 'True', message: 'done' }],
};
export const JOB_FAILED = {
  conditions: [
    { type: 'Failed', status: 'True', message: 'BackoffLimitExceeded' },
  ],
};
export const CRD_INSTALLING = {
  conditions: [{ type: 'Established', status: 'False', reason: 'Installing' }],
};
export const CRD_ESTABLISHED = {
  conditions: [{ type: 'Established', status: 'True' }],
};

/** Objects as the sync engine prepares them: namespaced, marked as the app's. */
export async function prepare(
  cluster: FakeClusterApi,
  objects: KubernetesObject[],
): Promise<PreparedObject[]> {
  const { prepared, errors } = await prepareManifests(objects, cluster, {
    appKey: APP,
    namespace: NS,
    project: testProject(),
  });
  if (errors.length) throw new Error(errors.join('; '));
  return prepared;
}

/**
 * Objects a previous sync of the app applied: live in the cluster with its
 * tracking marker. Returns their inventory ids.
 */
export async function seedApplied(
  cluster: FakeClusterApi,
  objects: KubernetesObject[],
): Promise<string[]> {
  const prepared = await prepare(cluster, objects);
  cluster.seed(...prepared.map(p => p.object));
  return prepared.map(p => p.id);
}

/**
 * The plan the reconciler would hand to `runSync` for these rendered objects
 * (prepared, then compared with the cluster), with waits that look again
 * every millisecond. The calls made while planning are forgotten.
 */
export async function planFor(
  cluster: FakeClusterApi,
  objects: KubernetesObject[],
  options: Partial<Omit<SyncPlan, 'compared' | 'hooks'>> = {},
): Promise<SyncPlan> {
  const prepared = await prepare(cluster, objects);
  const compared = await compareApp(cluster, prepared, new DryRunCache(), '');
  cluster.clearCalls();
  return {
    appKey: APP,
    compared,
    hooks: prepared.filter(p => p.hook),
    previousInventory: [],
    prune: false,
    timeouts: { crdMs: 5_000, hookMs: 5_000, pollMs: 1 },
    ...options,
  };
}
