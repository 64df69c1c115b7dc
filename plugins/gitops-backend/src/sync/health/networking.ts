import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { getArray, getString } from './fields';
import { HealthAssessment } from './types';

function loadBalancerAddresses(obj: KubernetesObject): string[] {
  return getArray(obj, 'status', 'loadBalancer', 'ingress').map(
    entry => getString(entry, 'ip') ?? getString(entry, 'hostname') ?? '',
  );
}

/** Service: only a LoadBalancer waits, for its external address. */
export function serviceHealth(obj: KubernetesObject): HealthAssessment {
  const type = getString(obj, 'spec', 'type') ?? 'ClusterIP';
  if (type !== 'LoadBalancer') {
    return { status: 'Healthy', message: `${type} service` };
  }
  const addresses = loadBalancerAddresses(obj);
  if (addresses.length === 0) {
    return {
      status: 'Progressing',
      message: 'Waiting for the load balancer to be provisioned',
    };
  }
  return {
    status: 'Healthy',
    message: `Load balancer ready: ${addresses.filter(Boolean).join(', ')}`,
  };
}

/** Ingress: Healthy once the controller published an address. */
export function ingressHealth(obj: KubernetesObject): HealthAssessment {
  const addresses = loadBalancerAddresses(obj);
  if (addresses.length === 0) {
    return {
      status: 'Progressing',
      message: 'Waiting for the ingress controller to assign an address',
    };
  }
  return {
    status: 'Healthy',
    message: `Ingress ready: ${addresses.filter(Boolean).join(', ')}`,
  };
}
