import { KubernetesObject } from '@internal/plugin-gitops-node';
import { findCondition, getConditions, getPath } from './fields';
import { HealthAssessment } from './types';

/**
 * Flux Kustomization (Argo CD's kustomize.toolkit.fluxcd.io Lua check). Unlike
 * kstatus, `Ready=False` without `Reconciling` is a failure, not progress.
 */
export function fluxKustomizationHealth(
  obj: KubernetesObject,
): HealthAssessment {
  if (getPath(obj, 'spec', 'suspend') === true) {
    return { status: 'Suspended', message: `${obj.kind} is suspended` };
  }
  const conditions = getConditions(obj);
  if (obj.status === undefined || conditions.length === 0) {
    return { status: 'Progressing', message: 'Status unknown' };
  }
  const ready = findCondition(conditions, 'Ready');
  const reconciling = findCondition(conditions, 'Reconciling');
  const message =
    ready?.message || ready?.reason || 'Ready condition not found';
  if (ready?.status === 'True') {
    return { status: 'Healthy', message };
  }
  if (ready?.status === 'Unknown' && reconciling?.status === 'True') {
    return { status: 'Progressing', message };
  }
  return { status: 'Degraded', message };
}
