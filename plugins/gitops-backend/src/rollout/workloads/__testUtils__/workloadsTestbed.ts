import { KubeConfig } from '@kubernetes/client-node';
import type {
  KubernetesObject,
  RolloutCluster,
} from '@slipway/plugin-gitops-node';
import { waitUntil } from '@internal/test-env';
import { parse as parseYaml } from 'yaml';
import { Cluster } from '../../../clusters/Cluster';
import { NamespaceAllowList } from '../../../clusters/NamespaceAllowList';
import {
  localKubeconfigPath,
  uniqueName,
} from '../../../clusters/__testUtils__/localKube';
import { testProject } from '../../../__testUtils__/testProject';
import { rolloutClusterOf } from '../../rolloutCluster';
import { parseRolloutDocument } from '../../spec';
import type { Deployment } from '../../../kube/kubeTypes';
import type { RolloutTarget } from '../types';

/**
 * One namespace on the local control plane for a workloads test, the
 * rollout engine's view of the cluster, and rollout targets in it. The
 * objects a test sets up are applied as the sync engine would (field manager
 * `slipway`), the rollout engine's writes go through `rolloutClusterOf`.
 */
export class WorkloadsTestbed {
  readonly namespace: string;
  readonly cluster: Cluster;
  readonly rollout: RolloutCluster;

  private constructor(prefix: string) {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(localKubeconfigPath());
    this.namespace = uniqueName(prefix);
    this.cluster = new Cluster('local', kubeConfig, {
      namespaces: new NamespaceAllowList(['*']),
    });
    this.rollout = rolloutClusterOf(this.cluster, testProject());
  }

  static async start(prefix: string): Promise<WorkloadsTestbed> {
    const testbed = new WorkloadsTestbed(prefix);
    await testbed.cluster.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: testbed.namespace },
    });
    return testbed;
  }

  async stop(): Promise<void> {
    await this.cluster.delete({
      apiVersion: 'v1',
      kind: 'Namespace',
      name: this.namespace,
    });
    await this.cluster.stop();
  }

  /** A rollout target from lines of a Flagger Canary's `spec` (YAML, indented by two), with every default applied. */
  target(spec = '', provider = 'istio'): RolloutTarget {
    const doc = parseYaml(`apiVersion: flagger.app/v1beta1
kind: Canary
metadata:
  name: podinfo
spec:
  provider: ${provider}
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: podinfo }
  progressDeadlineSeconds: 60
  analysis: { interval: 1m, threshold: 2, maxWeight: 50, stepWeight: 10 }
${
  spec.includes('service:') ? '' : '  service: { port: 80, targetPort: 9898 }\n'
}${spec}`);
    const result = parseRolloutDocument(doc);
    if (!result.spec)
      throw new Error(
        `test canary does not parse: ${result.errors.join('; ')}`,
      );
    return {
      cluster: this.rollout,
      namespace: this.namespace,
      spec: result.spec,
    };
  }

  /** Applies as the sync engine does. */
  async apply<T extends KubernetesObject>(obj: T): Promise<T> {
    return (await this.cluster.apply({
      ...obj,
      metadata: { ...obj.metadata, namespace: this.namespace },
    })) as T;
  }

  async get<T extends KubernetesObject = KubernetesObject>(
    apiVersion: string,
    kind: string,
    name: string,
  ) {
    return (await this.cluster.get({
      apiVersion,
      kind,
      namespace: this.namespace,
      name,
    })) as T | undefined;
  }

  deployment(name: string): Promise<Deployment | undefined> {
    return this.get<Deployment>('apps/v1', 'Deployment', name);
  }

  /** Waits until the Deployment runs `replicas` available pods of its current template and nothing else. */
  async rolledOut(name: string, replicas: number): Promise<Deployment> {
    const rolledOut = (deployment: Deployment | undefined) => {
      const status = deployment?.status;
      return Boolean(
        deployment &&
          status?.observedGeneration === deployment.metadata.generation &&
          deployment.spec.replicas === replicas &&
          status?.updatedReplicas === replicas &&
          status?.availableReplicas === replicas &&
          (status?.replicas ?? 0) === replicas,
      );
    };
    return (await waitUntil(() => this.deployment(name), {
      description: `${name} to run ${replicas} available pods of its template`,
      timeoutMs: 45_000,
      intervalMs: 250,
      until: rolledOut,
    }))!;
  }

  /** The fields `manager` owns in the object, as the server records them (`f:`-prefixed, FieldsV1). */
  async ownedFields(
    apiVersion: string,
    kind: string,
    name: string,
    manager: string,
  ): Promise<unknown> {
    const obj = await this.get(apiVersion, kind, name);
    const entries = (obj?.metadata.managedFields ?? []) as Array<{
      manager: string;
      fieldsV1?: unknown;
    }>;
    return entries.find(entry => entry.manager === manager)?.fieldsV1;
  }
}

export interface PodinfoOptions {
  image?: string;
  replicas?: number;
  /** Merged into the pod spec. */
  podSpec?: Record<string, unknown>;
  /** Merged into the container. */
  container?: Record<string, unknown>;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  selector?: Record<string, string>;
  progressDeadlineSeconds?: number;
}

/** The podinfo Deployment as a team's GitOps repository has it. */
export function podinfo(options: PodinfoOptions = {}): Deployment {
  const selector = options.selector ?? { app: 'podinfo' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'podinfo',
      labels: options.labels ?? selector,
      annotations: options.annotations,
    },
    spec: {
      replicas: options.replicas ?? 2,
      progressDeadlineSeconds: options.progressDeadlineSeconds,
      minReadySeconds: 0,
      revisionHistoryLimit: 3,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: { ...selector, version: 'v1' } },
        spec: {
          containers: [
            {
              name: 'podinfo',
              image: options.image ?? 'ghcr.io/stefanprodan/podinfo:6.0.0',
              ports: [{ name: 'http', containerPort: 9898 }],
              ...options.container,
            },
          ],
          ...options.podSpec,
        },
      },
    },
  };
}

export const configMap = (
  name: string,
  data: Record<string, string>,
  annotations?: Record<string, string>,
) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, annotations },
  data,
});

export const secret = (name: string, data: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name },
  type: 'Opaque',
  stringData: data,
});

/** Pods that no node accepts: KWOK's nodes carry no such label, so they stay Pending. */
export const unschedulable = { nodeSelector: { 'slipway.test/never': 'true' } };
