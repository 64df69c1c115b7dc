import { HealthStatus } from '@slipway/plugin-gitops-common';
import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { apiGroup, getAnnotations, getName, getString } from './fields';
import { isWorseHealth } from './order';
import { HealthAssessment } from './types';

const IGNORE_HEALTHCHECK = 'argocd.argoproj.io/ignore-healthcheck';
const HOOK_ANNOTATIONS = ['argocd.argoproj.io/hook', 'helm.sh/hook'];

/** One child of an app: its health and, when known, the object it is about. */
export interface ChildHealth extends HealthAssessment {
  /**
   * The child's target object (or the live one when Git no longer has it);
   * its annotations decide whether it counts and its identity names it.
   */
  object?: KubernetesObject;
}

function counts(child: ChildHealth): boolean {
  const annotations = child.object ? getAnnotations(child.object) : {};
  if (HOOK_ANNOTATIONS.some(key => key in annotations)) {
    return false; // hooks report through the sync operation, not app health
  }
  if (annotations[IGNORE_HEALTHCHECK] === 'true') {
    return false;
  }
  // A child Application that is missing or unknown must not sink its parent.
  const isApplication =
    child.object?.kind === 'Application' &&
    apiGroup(child.object.apiVersion) === 'argoproj.io';
  return !(
    isApplication &&
    (child.status === 'Missing' || child.status === 'Unknown')
  );
}

function describe(child: ChildHealth): string {
  if (!child.object) {
    return child.message;
  }
  const namespace = getString(child.object, 'metadata', 'namespace');
  const name = getName(child.object);
  const id = namespace ? `${namespace}/${name}` : name;
  const subject = id ? `${child.object.kind} ${id}` : child.object.kind;
  return `${subject}: ${child.message}`;
}

/**
 * An app's health: its worst counted child (Argo CD `setApplicationHealth`).
 * A missing child is shown as Missing on its own row but does not worsen the
 * app (sync status already says it is OutOfSync); only an app whose counted
 * resources are all missing is Missing. Owned children (Deployment → Pods) are
 * never passed here: their owners already judge them.
 */
export function aggregateHealth(
  children: readonly ChildHealth[],
): HealthAssessment {
  const counted = children.filter(counts);
  if (counted.length === 0) {
    return { status: 'Healthy', message: 'No resources to assess' };
  }
  const present = counted.filter(child => child.status !== 'Missing');
  if (present.length === 0) {
    return {
      status: 'Missing',
      message: `${counted.length} resources are missing from the cluster`,
    };
  }
  let worst: ChildHealth | undefined;
  let status: HealthStatus = 'Healthy';
  for (const child of present) {
    if (isWorseHealth(status, child.status)) {
      status = child.status;
      worst = child;
    }
  }
  if (!worst) {
    return {
      status: 'Healthy',
      message: `${present.length} of ${counted.length} resources are healthy`,
    };
  }
  return { status, message: describe(worst) };
}
