import { withPatch } from '../__fixtures__/merge';
import { ingress, loadBalancerService } from '../__fixtures__/resources';
import { ingressHealth, serviceHealth } from './networking';

describe('serviceHealth', () => {
  it('is Healthy when the load balancer has an address', () => {
    expect(serviceHealth(loadBalancerService)).toEqual({
      status: 'Healthy',
      message: 'Load balancer ready: 203.0.113.10',
    });
  });

  it('is Progressing when a LoadBalancer has no ingress yet', () => {
    const pending = withPatch(loadBalancerService, {
      status: { loadBalancer: { ingress: null } },
    });
    expect(serviceHealth(pending)).toEqual({
      status: 'Progressing',
      message: 'Waiting for the load balancer to be provisioned',
    });
  });

  it('is Healthy for a ClusterIP service without any status', () => {
    const clusterIp = withPatch(loadBalancerService, {
      spec: { type: 'ClusterIP', allocateLoadBalancerNodePorts: null },
      status: { loadBalancer: { ingress: null } },
    });
    expect(serviceHealth(clusterIp).status).toBe('Healthy');
  });
});

describe('ingressHealth', () => {
  it('is Healthy once an address is published', () => {
    expect(ingressHealth(ingress)).toEqual({
      status: 'Healthy',
      message: 'Ingress ready: lb.example.com',
    });
  });

  it('is Progressing without an address, for both API groups', () => {
    const pending = withPatch(ingress, {
      status: { loadBalancer: { ingress: null } },
    });
    expect(ingressHealth(pending).status).toBe('Progressing');
    const legacy = withPatch(pending, { apiVersion: 'extensions/v1beta1' });
    expect(ingressHealth(legacy).status).toBe('Progressing');
  });
});
