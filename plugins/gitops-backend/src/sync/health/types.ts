import { HealthStatus } from '@slipway/plugin-gitops-common';
import { KubernetesObject } from '@slipway/plugin-gitops-node';

/** The health of one object, with the reason a person can act on. */
export interface HealthAssessment {
  status: HealthStatus;
  message: string;
}

/** A built-in rule for one kind; it sees only the live object. */
export type HealthCheck = (obj: KubernetesObject) => HealthAssessment;
