import type { TrafficRouter } from '@slipway/plugin-gitops-node';
import { canarySpec, RouterEnv } from './routerEnv';

/**
 * A router copying the object `spec.<refField>` names into a canary copy
 * must say why it cannot: no reference (validation refuses such a document,
 * the router must still explain), the original missing, the copy missing.
 */
export async function expectMissingOriginalExplained(
  router: TrafficRouter,
  env: Pick<RouterEnv, 'target' | 'namespace'>,
  original: {
    refField: 'routeRef' | 'ingressRef';
    kind: string;
    /** The copy's name for an original named `absent`. */
    copyOfAbsent: string;
  },
): Promise<void> {
  const { refField, kind, copyOfAbsent } = original;
  const provider = router.provider;
  const ref = (name: string) => ({
    apiVersion:
      kind === 'Ingress' ? 'networking.k8s.io/v1' : 'apisix.apache.org/v2',
    kind,
    name,
  });
  const noRef = env.target({
    ...canarySpec({ provider, [refField]: ref('x') }),
    [refField]: undefined,
  });
  await expect(router.reconcile(noRef)).rejects.toThrow(
    `the ${provider} provider needs spec.${refField} naming the ${kind} of podinfo in ${env.namespace}`,
  );
  const missing = env.target(
    canarySpec({ provider, [refField]: ref('absent') }),
  );
  await expect(router.reconcile(missing)).rejects.toThrow(
    `${kind} ${env.namespace}/absent not found on cluster 'local': spec.${refField} names it`,
  );
  await expect(router.getWeights(missing)).rejects.toThrow(
    `${kind} ${env.namespace}/${copyOfAbsent} not found`,
  );
}
