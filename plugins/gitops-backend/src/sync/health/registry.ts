import {
  apiServiceHealth,
  customResourceDefinitionHealth,
} from './apiExtensions';
import { argoRolloutHealth, argoWorkflowHealth } from './argo';
import { horizontalPodAutoscalerHealth } from './autoscaling';
import { cronJobHealth, jobHealth } from './batch';
import { fluxKustomizationHealth } from './flux';
import { ingressHealth, serviceHealth } from './networking';
import { podHealth } from './pod';
import { persistentVolumeClaimHealth } from './storage';
import { HealthCheck } from './types';
import {
  daemonSetHealth,
  deploymentHealth,
  replicaSetHealth,
  statefulSetHealth,
} from './workloads';

/**
 * Built-in checks by `<group>/<Kind>` (core group is empty), as Argo CD's
 * `GetHealthCheckFunc` plus the Lua checks Slipway carries natively. Any other
 * kind falls back to kstatus.
 */
export const BUILT_IN_HEALTH_CHECKS: Readonly<Record<string, HealthCheck>> = {
  'apps/Deployment': deploymentHealth,
  'extensions/Deployment': deploymentHealth,
  'apps/StatefulSet': statefulSetHealth,
  'apps/DaemonSet': daemonSetHealth,
  'extensions/DaemonSet': daemonSetHealth,
  'apps/ReplicaSet': replicaSetHealth,
  'extensions/ReplicaSet': replicaSetHealth,
  '/Pod': podHealth,
  '/Service': serviceHealth,
  '/PersistentVolumeClaim': persistentVolumeClaimHealth,
  'networking.k8s.io/Ingress': ingressHealth,
  'extensions/Ingress': ingressHealth,
  'batch/Job': jobHealth,
  'batch/CronJob': cronJobHealth,
  'autoscaling/HorizontalPodAutoscaler': horizontalPodAutoscalerHealth,
  'apiregistration.k8s.io/APIService': apiServiceHealth,
  'apiextensions.k8s.io/CustomResourceDefinition':
    customResourceDefinitionHealth,
  'kustomize.toolkit.fluxcd.io/Kustomization': fluxKustomizationHealth,
  'argoproj.io/Workflow': argoWorkflowHealth,
  'argoproj.io/Rollout': argoRolloutHealth,
};
