import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import type { RolloutEvent } from '@slipway/plugin-gitops-common';
import type { KubernetesObject } from '@slipway/plugin-gitops-node';
import {
  ensureRoutingCrds,
  startPrometheus,
  startTrafficSimulator,
  waitUntil,
  type Prometheus,
  type RoutingProvider,
  type TestGitServer,
  type TrafficSimulator,
} from '@internal/test-env';
import type { Knex } from 'knex';
import type { AppProject } from '@slipway/plugin-gitops-common';
import { AppSpec } from '../../catalog/AppSpec';
import { ClusterRegistry } from '../../clusters/ClusterRegistry';
import { DatabaseGitopsStore } from '../../database/DatabaseGitopsStore';
import type { DatabaseRolloutStore } from '../../database/DatabaseRolloutStore';
import { RepoCache } from '@slipway/plugin-gitops-node';
import { AppReconciler } from '../../sync/AppReconciler';
import { createRolloutEngine } from '../createRolloutEngine';
import type { RolloutEngine } from '../engine/RolloutEngine';
import type { RolloutState } from '../engine/types';
import type { ArgoRolloutState } from '../engine/argo/state';
import { testProject } from '../../__testUtils__/testProject';
import { databaseService } from '../../__testUtils__/testDatabases';

export interface HarnessOptions {
  git: TestGitServer;
  knex: Knex;
  namespace: string;
  /** Files of the app's path in the GitOps repository. */
  files: Record<string, string>;
  /** The traffic simulator reads the split from this provider's routing object. */
  routing?: RoutingProvider;
  /** The app's project; one that allows every namespace and the loopback servers by default. */
  project?: AppProject;
  /** The `slipway.dev/canary` annotation: the rollout's workload (default `podinfo`). */
  canary?: string;
}

/**
 * One app with a canary on the local infrastructure: manifests in a git
 * repository, the sync engine's reconciler applying them, the rollout engine
 * running the canary, and a traffic simulator scraped by Prometheus feeding
 * the analysis. Ticks are driven by the test (`tick`): the engine ticks a
 * new rollout once on its own, and after that the analysis interval of the
 * documents is long enough that it never finds one due.
 */
export class RolloutHarness {
  readonly app: AppSpec & { valid: true };
  readonly repoName: string;
  engine!: RolloutEngine;
  store!: DatabaseRolloutStore<ArgoRolloutState>;
  gitops!: DatabaseGitopsStore;
  reconciler!: AppReconciler;
  registry!: ClusterRegistry;
  simulator!: TrafficSimulator;
  prometheus!: Prometheus;
  #cacheDir = '';

  constructor(private readonly options: HarnessOptions) {
    const name = options.namespace;
    this.repoName = `rollout-${name}`;
    this.app = {
      valid: true,
      key: `component:default/${name}@local`,
      entityRef: `component:default/${name}`,
      cluster: 'local',
      repoUrl: '',
      path: 'app',
      namespace: name,
      syncPolicy: 'manual',
      prune: false,
      selfHeal: false,
      canary: options.canary ?? 'podinfo',
      project: options.project ?? testProject(),
    };
  }

  async start(): Promise<this> {
    const { git, knex, namespace, files, routing } = this.options;
    this.gitops = await DatabaseGitopsStore.create({
      database: databaseService(knex),
    });
    this.registry = ClusterRegistry.fromConfig(
      mockServices.rootConfig({
        data: {
          slipway: {
            clusters: [
              {
                name: 'local',
                auth: 'kubeconfig',
                kubeconfigPath: process.env.KUBECONFIG,
                namespaces: [namespace],
              },
            ],
          },
        },
      }),
    );
    await ensureRoutingCrds(process.env.KUBECONFIG!);
    const cluster = this.registry.get('local');
    await cluster.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    });

    this.simulator = await startTrafficSimulator({
      apps: [
        {
          name: 'podinfo',
          namespace,
          routing: routing ? { provider: routing } : undefined,
        },
      ],
      kubeconfigPath: process.env.KUBECONFIG,
      tickIntervalMs: 250,
    });
    this.prometheus = await startPrometheus({
      scrapeTargets: [this.simulator.scrapeTarget],
    });

    this.app.repoUrl = await git.createBareRepo(
      this.repoName,
      Object.fromEntries(
        Object.entries(files).map(([file, text]) => [`app/${file}`, text]),
      ),
    );
    this.#cacheDir = await fs.mkdtemp(
      path.join(os.tmpdir(), 'slipway-rollout-'),
    );
    const { engine, rolloutStore, parseOptions } = await this.#createEngine();
    this.engine = engine;
    this.store = rolloutStore;
    this.reconciler = new AppReconciler({
      store: this.gitops,
      repos: new RepoCache({ cacheDir: this.#cacheDir, refsMaxAgeMs: 0 }),
      clusters: this.registry,
      renderers: [],
      logger: mockServices.logger.mock(),
      // Through `this.engine`, so a restarted engine gets the updates.
      rollouts: {
        update: (...args) => this.engine.update(...args),
        argoStatusOf: (...args) => this.engine.argoStatusOf(...args),
      },
      rolloutDefaults: parseOptions,
    });
    return this;
  }

  /** A new rollout engine over the harness' database, as a restarted backend builds it. */
  async newEngine(): Promise<RolloutEngine> {
    return (await this.#createEngine()).engine;
  }

  /** The backend's own wiring (`createRolloutEngine`), configured for the local Prometheus. */
  #createEngine() {
    const { knex } = this.options;
    return createRolloutEngine({
      config: mockServices.rootConfig({
        data: {
          slipway: {
            rollouts: {
              metricsServer: this.prometheus.url,
              minIntervalSeconds: 1,
            },
          },
        },
      }),
      database: databaseService(knex),
      logger: mockServices.logger.mock(),
      store: this.gitops,
      clusters: this.registry,
      extensions: {
        trafficRouters: [],
        metricProviders: [],
        alertProviders: [],
      },
    });
  }

  /** Syncs the app's repository to the cluster, as a manual sync does. */
  async sync(): Promise<void> {
    const result = await this.reconciler.reconcile(this.app, {
      trigger: 'manual',
      initiator: 'test',
    });
    if (!result.ok) {
      const app = await this.gitops.getApp(this.app.key);
      throw new Error(`sync failed: ${app?.message}`);
    }
  }

  /** Commits changed files to the app's path and syncs them. */
  async commitAndSync(
    files: Record<string, string>,
    message: string,
  ): Promise<void> {
    await this.options.git.commit(
      this.repoName,
      Object.fromEntries(
        Object.entries(files).map(([file, text]) => [`app/${file}`, text]),
      ),
      message,
    );
    await this.sync();
  }

  async tick(rollout = this.app.canary ?? 'podinfo'): Promise<RolloutState> {
    await this.engine.tickNow(this.app.key, rollout);
    return this.state(rollout);
  }

  /** Ticks until `done` accepts the state; fails with the last state and events otherwise. */
  async tickUntil(
    done: (state: RolloutState) => boolean,
    what: string,
    timeoutMs = 60_000,
  ): Promise<RolloutState> {
    try {
      return await waitUntil(() => this.tick(), {
        until: done,
        description: `the rollout to reach ${what}`,
        timeoutMs,
        intervalMs: 500,
      });
    } catch (error) {
      const events = (await this.events()).slice(-8).map(e => e.message);
      throw new Error(
        `${(error as Error).message}\nlast events:\n${events.join('\n')}`,
      );
    }
  }

  /**
   * Ticks a run through its weight steps, calling `atStep` once at each new
   * canary weight; returns the first state past Progressing.
   */
  async walkSteps(
    atStep: (state: RolloutState) => Promise<void>,
  ): Promise<RolloutState> {
    let state = await this.state();
    const visited = new Set<number>();
    for (let i = 0; i < 100 && state.phase === 'Progressing'; i++) {
      const { canaryWeight, phase } = state;
      if (canaryWeight > 0 && !visited.has(canaryWeight)) {
        visited.add(canaryWeight);
        await atStep(state);
      }
      state = await this.tickUntil(
        s => s.canaryWeight !== canaryWeight || s.phase !== phase,
        'the next step',
      );
    }
    return state;
  }

  async state(rollout = this.app.canary ?? 'podinfo'): Promise<RolloutState> {
    const state = await this.store.getRolloutState(this.app.key, rollout);
    if (!state) throw new Error(`rollout ${rollout} has no state`);
    return state;
  }

  async events(
    rollout = this.app.canary ?? 'podinfo',
  ): Promise<RolloutEvent[]> {
    return this.store.listRolloutEvents(this.app.key, rollout);
  }

  /** Waits until Prometheus has canary traffic inside the metric window. */
  async canaryTrafficVisible(query: string): Promise<void> {
    await this.prometheus.waitFor(query, value => value > 0);
  }

  async get(
    apiVersion: string,
    kind: string,
    name: string,
  ): Promise<KubernetesObject | undefined> {
    return this.registry
      .get('local')
      .get({ apiVersion, kind, name, namespace: this.options.namespace });
  }

  async stop(): Promise<void> {
    await this.engine?.stop();
    await this.simulator?.close();
    await this.prometheus?.close();
    await this.registry?.get('local').delete({
      apiVersion: 'v1',
      kind: 'Namespace',
      name: this.options.namespace,
    });
    await this.registry?.stop();
    if (this.#cacheDir)
      await fs.rm(this.#cacheDir, { recursive: true, force: true });
  }
}
