export interface Config {
  /** Slipway: GitOps sync and progressive delivery. */
  slipway?: {
    /**
     * The Kubernetes clusters apps may be delivered to; entities name them in
     * `slipway.dev/clusters`.
     */
    clusters?: Array<{
      /** Name entities use to target this cluster. */
      name: string;
      /**
       * How Slipway reaches the cluster: `url` with a service-account token,
       * a kubeconfig file and context, or the pod's in-cluster account.
       */
      auth?: 'token' | 'kubeconfig' | 'inCluster';
      /** API server URL, e.g. https://127.0.0.1:6443 (token auth). */
      url?: string;
      /**
       * PEM certificate authority data for the API server (token auth).
       * @visibility secret
       */
      caData?: string;
      /**
       * Service-account token (token auth).
       * @visibility secret
       */
      token?: string;
      /** Path of a kubeconfig file (kubeconfig auth). */
      kubeconfigPath?: string;
      /** Context in the kubeconfig file; its current context by default. */
      kubeconfigContext?: string;
      /**
       * Namespaces apps may deploy into; `*` allows all. An app aiming
       * elsewhere is refused with a message.
       */
      namespaces?: string[];
      rollouts?: {
        /**
         * Provider of rollout documents without one deployed to this cluster
         * (the mesh Flagger runs with there); `slipway.rollouts.defaultProvider` otherwise.
         */
        defaultProvider?: string;
        /**
         * Who runs Argo Rollouts' `Rollout` objects on this cluster:
         * `slipway` (default) reads them from Git and runs them itself,
         * applying neither them nor their AnalysisTemplates; `controller`
         * applies them as manifests for an Argo Rollouts controller
         * installed there (while a team moves over, say).
         */
        argoRollouts?: 'slipway' | 'controller';
      };
    }>;
    /**
     * Projects: which teams may deliver what, from where, to where. An
     * entity names its project in `slipway.dev/project` (else the default
     * project) and its `spec.owner` must be one of the project's owners; an
     * entity with neither gets no app.
     */
    projects?: Array<{
      /** DNS label entities name in `slipway.dev/project`. */
      name: string;
      /** Shown beside the app. */
      description?: string;
      /** Group refs (`group:default/payments-team`, or just `payments-team`) whose entities may use the project. */
      owners: string[];
      /** Globs over repository URLs the apps may read, e.g. `https://git.example.com/payments/*`. */
      sourceRepos: string[];
      /** Globs over folders in those repositories, e.g. `apps/payments/**` (default `**`). */
      sourcePaths?: string[];
      /** Where the apps may deliver to. */
      destinations: Array<{
        /** Glob over `slipway.clusters` names. */
        cluster: string;
        /** Globs over namespace names; at least one. */
        namespaces: string[];
        /**
         * `<namespace>/<name>` of the ServiceAccount every write to this
         * destination impersonates, so Kubernetes RBAC judges it; without
         * one Slipway writes as itself (a startup warning says so).
         */
        serviceAccount?: string;
      }>;
      /** Cluster-scoped kinds the apps may apply (none by default), e.g. `{ group: '', kind: Namespace }`. */
      clusterResourceAllowList?: Array<{
        /** API group; `''` or left out for the core group. */
        group?: string;
        kind: string;
      }>;
      /** Namespaced kinds the apps may not apply, e.g. `{ group: rbac.authorization.k8s.io, kind: '*' }`. */
      namespaceResourceDenyList?: Array<{
        /** API group; `''` or left out for the core group. */
        group?: string;
        kind: string;
      }>;
      /** `host` or `host:port` globs rollout webhooks, metric servers and alerts may call. */
      outboundHosts?: string[];
    }>;
    /** Project of entities without `slipway.dev/project`; none means they get no app. */
    defaultProject?: string;
    /** How often apps are reconciled. */
    sync?: {
      /** Seconds between reconciles of one app (default 120). */
      intervalSeconds?: number;
      /** Up to this many seconds are added to each interval (default 60). */
      jitterSeconds?: number;
      /** Seconds between reads of the catalog for changed entities (default 30). */
      catalogRefreshSeconds?: number;
      /** Reconciles running at once in each backend replica (default 10). */
      concurrency?: number;
      /**
       * Seconds a replica's claim on an app holds without renewal (default
       * 30): a stopped replica's apps move to the others after it.
       */
      leaseSeconds?: number;
      /** Milliseconds between a replica's looks for due apps (default 1000). */
      claimIntervalMs?: number;
      /**
       * Seconds one remote ref listing serves every app on a repository
       * (default 10); push webhooks and manual syncs ask again at once.
       */
      refsMaxAgeSeconds?: number;
    };
    /** The progressive delivery engine. */
    rollouts?: {
      /** Turns the engine off (default true): rollout documents are then only validated. */
      enabled?: boolean;
      /** Provider of Canaries that name none (Flagger's -mesh-provider; default istio). */
      defaultProvider?: string;
      /** Prometheus of metrics without an address (Flagger's -metrics-server; default http://prometheus:9090). */
      metricsServer?: string;
      /** Shortest analysis interval in seconds (default 10, as Flagger). */
      minIntervalSeconds?: number;
      /** Ticks running at once across all rollouts (default 10). */
      concurrency?: number;
      /**
       * How long a replica's lease on a rollout outlives the tick it is due
       * for (default 30): when a replica dies, its rollouts move to another
       * this long after they were due.
       */
      leaseSeconds?: number;
      /** Milliseconds between a replica's looks for due rollouts (default 1000). */
      claimIntervalMs?: number;
    };
    /** Git push webhooks (GitHub, GitLab, Gitea) that trigger a refresh. */
    webhooks?: {
      /**
       * Shared secret: HMAC key for GitHub and Gitea, token for GitLab.
       * Webhooks are refused while it is unset.
       * @visibility secret
       */
      secret?: string;
      /** Largest accepted body in bytes (default 1 MiB). */
      maxBodyBytes?: number;
    };
    /**
     * Owner notifications through Backstage's notifications plugin: a failed
     * sync, an app turning Degraded, a rollout waiting for promotion, failed
     * or promoted is sent once to the owners of the entity (its `spec.owner`
     * group and that group's members), with a link to the tab that shows it.
     */
    notifications?: {
      /**
       * Send notifications. Default: on when this backend runs the
       * notifications plugin (`@backstage/plugin-notifications-backend`);
       * set true where it runs in another backend of a split deployment.
       */
      enabled?: boolean;
      /**
       * Events less pressing than this are not sent (default `low`: all).
       * Order: critical, high, normal, low.
       */
      minSeverity?: 'critical' | 'high' | 'normal' | 'low';
      /**
       * Per event: whether it is sent (default true) and its severity. The
       * defaults: syncFailed high, degraded high, rolloutWaiting normal,
       * rolloutFailed high, rolloutSucceeded low.
       */
      events?: {
        /** A sync run ended Failed; once per commit until a sync succeeds. */
        syncFailed?: {
          enabled?: boolean;
          severity?: 'critical' | 'high' | 'normal' | 'low';
        };
        /** The app's health turned Degraded; once per commit until it is Healthy. */
        degraded?: {
          enabled?: boolean;
          severity?: 'critical' | 'high' | 'normal' | 'low';
        };
        /**
         * A rollout waits for a person: a closed confirm-rollout or
         * confirm-promotion gate, an untimed pause step, an inconclusive
         * analysis, an Argo Rollout paused without a duration.
         */
        rolloutWaiting?: {
          enabled?: boolean;
          severity?: 'critical' | 'high' | 'normal' | 'low';
        };
        /** A rollout run failed and was rolled back (not one aborted by a user). */
        rolloutFailed?: {
          enabled?: boolean;
          severity?: 'critical' | 'high' | 'normal' | 'low';
        };
        /** A rollout run was promoted. */
        rolloutSucceeded?: {
          enabled?: boolean;
          severity?: 'critical' | 'high' | 'normal' | 'low';
        };
      };
      /**
       * Path of an entity page in the portal, which notification links
       * start from (default `/catalog/{namespace}/{kind}/{name}`).
       */
      entityPath?: string;
      /** Paths of Slipway's tabs on the entity page (defaults: gitops, history, canary). */
      tabs?: {
        gitops?: string;
        history?: string;
        canary?: string;
      };
      /** Days a delivered event is remembered (default 30). */
      retentionDays?: number;
    };
    /**
     * Live updates: a ping on the signal channel of an app when its status,
     * sync runs or rollouts change, so open tabs reload at once.
     */
    signals?: {
      /** Default: on when this backend runs the signals plugin (`@backstage/plugin-signals-backend`). */
      enabled?: boolean;
    };
    /**
     * Folder for the git caches, created with mode 0700. By default a fresh
     * temporary folder with a random name per process, so its path cannot
     * be guessed.
     */
    cacheDir?: string;
  };
}
