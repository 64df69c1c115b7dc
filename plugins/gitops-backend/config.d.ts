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
    }>;
  };
}
