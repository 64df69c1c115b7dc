import type { ServiceSpec } from '@slipway/plugin-gitops-node';
import type { PodSpec, ServicePort } from '../../kube/kubeTypes';

/** Every port Slipway writes is named, so Services stay diffable by name. */
type NamedPort = ServicePort & { name: string };

/** Mesh sidecars: their ports belong to the mesh, so port discovery leaves them out. */
const SIDECARS = new Set(['istio-proxy', 'envoy']);

/**
 * The ports of the apex, primary and canary services: the main port from
 * `spec.service`, then, with `portDiscovery`, every other container port of
 * the target (sorted by name so the list never churns).
 */
export function servicePorts(
  service: ServiceSpec,
  podSpec: PodSpec,
): NamedPort[] {
  const main: NamedPort = {
    name: service.portName || 'http',
    port: service.port,
    targetPort: service.targetPort,
    protocol: 'TCP',
  };
  if (service.appProtocol) main.appProtocol = service.appProtocol;
  if (!service.portDiscovery) return [main];

  const isMain = (port: { name?: string; containerPort: number }) =>
    typeof service.targetPort === 'number'
      ? port.containerPort === service.targetPort
      : port.name === service.targetPort;
  const names = new Set([main.name]);
  const numbers = new Set([main.port]);
  const discovered: NamedPort[] = [];
  for (const container of podSpec.containers ?? []) {
    if (SIDECARS.has(container.name)) continue;
    (container.ports ?? []).forEach((port, index) => {
      const name = port.name || `tcp-${container.name}-${index}`;
      if (isMain(port) || names.has(name) || numbers.has(port.containerPort))
        return;
      names.add(name);
      numbers.add(port.containerPort);
      discovered.push({
        name,
        port: port.containerPort,
        targetPort: port.containerPort,
        protocol: port.protocol ?? 'TCP',
      });
    });
  }
  return [main, ...discovered.sort((a, b) => a.name.localeCompare(b.name))];
}
