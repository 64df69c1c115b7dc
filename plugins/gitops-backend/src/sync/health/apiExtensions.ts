import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { findCondition, getConditions, getPath } from './fields';
import { HealthAssessment } from './types';

/**
 * CustomResourceDefinition (Argo CD's apiextensions.k8s.io Lua check). While
 * the API server is still serving the new names (`Established` reason
 * `Installing`) the CRD is on its way, not broken.
 */
export function customResourceDefinitionHealth(
  obj: KubernetesObject,
): HealthAssessment {
  if (getPath(obj, 'metadata', 'deletionTimestamp')) {
    return { status: 'Progressing', message: 'CRD is terminating' };
  }
  const conditions = getConditions(obj);
  if (conditions.length === 0) {
    return { status: 'Progressing', message: 'Status conditions not found' };
  }
  const terminating = findCondition(conditions, 'Terminating');
  if (terminating?.status === 'True') {
    return {
      status: 'Progressing',
      message: `CRD is terminating: ${terminating.message ?? ''}`,
    };
  }
  const names = findCondition(conditions, 'NamesAccepted');
  if (names?.status === 'False') {
    return {
      status: 'Degraded',
      message: `CRD names have not been accepted: ${names.message ?? ''}`,
    };
  }
  const nonStructural = findCondition(conditions, 'NonStructuralSchema');
  if (nonStructural?.status === 'True') {
    return {
      status: 'Degraded',
      message: `Schema violations found: ${nonStructural.message ?? ''}`,
    };
  }
  const established = findCondition(conditions, 'Established');
  if (established?.status === 'True') {
    return { status: 'Healthy', message: 'CRD is healthy' };
  }
  if (established?.reason === 'Installing') {
    return {
      status: 'Progressing',
      message: `CRD is being installed: ${established.message ?? ''}`,
    };
  }
  return { status: 'Degraded', message: 'CRD is not established' };
}

/** APIService: the aggregated API answers (`Available=True`) or not yet. */
export function apiServiceHealth(obj: KubernetesObject): HealthAssessment {
  const available = findCondition(getConditions(obj), 'Available');
  if (!available) {
    return { status: 'Progressing', message: 'Waiting to be processed' };
  }
  return {
    status: available.status === 'True' ? 'Healthy' : 'Progressing',
    message: `${available.reason ?? ''}: ${available.message ?? ''}`,
  };
}
