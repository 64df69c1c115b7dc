import { createExtensionPoint } from '@backstage/backend-plugin-api';
import {
  AlertProvider,
  MetricProvider,
  Renderer,
  TrafficRouter,
} from './types';

/**
 * Adds renderers beside the builtin YAML, Kustomize and Helm ones.
 *
 * @public
 */
export interface GitopsRendererExtensionPoint {
  addRenderer(renderer: Renderer): void;
}

/** @public */
export const gitopsRendererExtensionPoint =
  createExtensionPoint<GitopsRendererExtensionPoint>({
    id: 'gitops.renderers',
  });

/**
 * Adds traffic routers for providers Slipway does not ship.
 *
 * @public
 */
export interface GitopsTrafficRouterExtensionPoint {
  addTrafficRouter(router: TrafficRouter): void;
}

/** @public */
export const gitopsTrafficRouterExtensionPoint =
  createExtensionPoint<GitopsTrafficRouterExtensionPoint>({
    id: 'gitops.traffic-routers',
  });

/**
 * Adds metric providers for rollout analysis.
 *
 * @public
 */
export interface GitopsMetricProviderExtensionPoint {
  addMetricProvider(provider: MetricProvider): void;
}

/** @public */
export const gitopsMetricProviderExtensionPoint =
  createExtensionPoint<GitopsMetricProviderExtensionPoint>({
    id: 'gitops.metric-providers',
  });

/**
 * Adds alert providers for rollout events.
 *
 * @public
 */
export interface GitopsAlertProviderExtensionPoint {
  addAlertProvider(provider: AlertProvider): void;
}

/** @public */
export const gitopsAlertProviderExtensionPoint =
  createExtensionPoint<GitopsAlertProviderExtensionPoint>({
    id: 'gitops.alert-providers',
  });
