import {
  ApiException,
  ApiextensionsV1Api,
  KubeConfig,
  V1CustomResourceDefinition,
} from '@kubernetes/client-node';
import { waitUntil } from './waitUntil';

/**
 * The routing kinds Slipway's traffic routers write, as schemaless CRDs:
 * the local control plane runs no mesh or ingress controller, so only the
 * objects' storage matters. The first version listed is the storage version.
 */
const ROUTING_CRDS = [
  {
    group: 'networking.istio.io',
    kind: 'VirtualService',
    plural: 'virtualservices',
    // v1alpha3: Argo Rollouts' guides write it.
    versions: ['v1beta1', 'v1alpha3'],
  },
  {
    group: 'networking.istio.io',
    kind: 'DestinationRule',
    plural: 'destinationrules',
    versions: ['v1beta1', 'v1alpha3'],
  },
  {
    group: 'apisix.apache.org',
    kind: 'ApisixRoute',
    plural: 'apisixroutes',
    versions: ['v2'],
  },
  {
    group: 'gateway.networking.k8s.io',
    kind: 'HTTPRoute',
    plural: 'httproutes',
    versions: ['v1', 'v1beta1'],
  },
  {
    group: 'split.smi-spec.io',
    kind: 'TrafficSplit',
    plural: 'trafficsplits',
    versions: ['v1alpha1', 'v1alpha2', 'v1alpha3'],
  },
] as const;

type RoutingCrd = (typeof ROUTING_CRDS)[number];

const crdName = (c: RoutingCrd) => `${c.plural}.${c.group}`;

const TEST_COPY = 'unapproved, schemaless test copy';

const servedVersion = (name: string, storage: boolean) => ({
  name,
  served: true,
  storage,
  schema: {
    openAPIV3Schema: {
      type: 'object',
      x_kubernetes_preserve_unknown_fields: true,
    },
  },
});

function schemalessCrd(c: RoutingCrd): V1CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: crdName(c),
      // Required for the protected *.k8s.io groups (Gateway API).
      annotations: { 'api-approved.kubernetes.io': TEST_COPY },
    },
    spec: {
      group: c.group,
      scope: 'Namespaced',
      names: { kind: c.kind, plural: c.plural, singular: c.kind.toLowerCase() },
      versions: c.versions.map((name, index) =>
        servedVersion(name, index === 0),
      ),
    },
  };
}

const isStatus = (error: unknown, code: number) =>
  error instanceof ApiException && error.code === code;

async function readCrd(api: ApiextensionsV1Api, name: string) {
  try {
    return await api.readCustomResourceDefinition({ name });
  } catch (error) {
    if (isStatus(error, 404)) return undefined;
    throw error;
  }
}

/** Creates the CRD when missing; a concurrent creator winning the race is fine. */
async function ensureCrd(api: ApiextensionsV1Api, c: RoutingCrd) {
  const existing = await readCrd(api, crdName(c));
  if (existing) {
    const served = new Set(existing.spec.versions.map(v => v.name));
    const missing = c.versions.filter(v => !served.has(v));
    if (missing.length === 0) return;
    // An older test copy gains the versions added since; a real CRD is left alone.
    if (
      existing.metadata?.annotations?.['api-approved.kubernetes.io'] !==
      TEST_COPY
    ) {
      throw new Error(
        `CRD ${crdName(c)} exists but does not serve ${missing.join(
          ', ',
        )}; delete it to let the tests install their copy`,
      );
    }
    existing.spec.versions.push(...missing.map(v => servedVersion(v, false)));
    await api.replaceCustomResourceDefinition({
      name: crdName(c),
      body: existing,
    });
    return;
  }
  try {
    await api.createCustomResourceDefinition({ body: schemalessCrd(c) });
  } catch (error) {
    if (!isStatus(error, 409)) throw error;
  }
}

function isEstablished(crd: V1CustomResourceDefinition | undefined) {
  return Boolean(
    crd?.status?.conditions?.some(
      condition =>
        condition.type === 'Established' && condition.status === 'True',
    ),
  );
}

/**
 * Installs the Istio VirtualService/DestinationRule, APISIX ApisixRoute,
 * Gateway API HTTPRoute and SMI TrafficSplit CRDs (schemaless) when missing
 * and waits until each is Established. They are left installed: tests
 * running in parallel share them, and removing one under another test
 * would break it.
 */
export async function ensureRoutingCrds(kubeconfigPath: string): Promise<void> {
  const config = new KubeConfig();
  config.loadFromFile(kubeconfigPath);
  const api = config.makeApiClient(ApiextensionsV1Api);
  for (const c of ROUTING_CRDS) await ensureCrd(api, c);
  for (const c of ROUTING_CRDS) {
    await waitUntil(() => readCrd(api, crdName(c)), {
      description: `CRD ${crdName(c)} to be Established`,
      timeoutMs: 60_000,
      intervalMs: 200,
      until: isEstablished,
    });
  }
}
