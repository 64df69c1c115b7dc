import {
  AuditorService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { AuditResult } from '@slipway/plugin-gitops-common';
import { Request } from 'express';
import { GitopsStore } from '../database/GitopsStore';

/** What someone tried to do to which app. */
export interface ActionAttempt {
  entityRef: string;
  cluster: string;
  action: string;
  permission: string;
  credentials: BackstageCredentials;
}

/** Records how one attempt ended; call exactly one of these. */
export interface AuditedAttempt {
  denied(error: Error): Promise<void>;
  failed(error: Error | string): Promise<void>;
  succeeded(message?: string): Promise<void>;
}

/** The user entity ref, or the service principal's subject. */
export function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return principal.userEntityRef ?? principal.subject ?? principal.type;
}

/**
 * Writes each mutating attempt twice: to Backstage's auditor, where the
 * portal's operators collect audit logs, and to Slipway's own table, which
 * the History tab shows to the app's team.
 */
export class ActionAuditor {
  constructor(
    private readonly deps: {
      auditor: AuditorService;
      store: GitopsStore;
      logger: LoggerService;
    },
  ) {}

  async begin(req: Request<any>, attempt: ActionAttempt): Promise<AuditedAttempt> {
    const { entityRef, cluster, action, permission } = attempt;
    const actor = actorOf(attempt.credentials);
    const event = await this.deps.auditor.createEvent({
      eventId: 'app-action',
      severityLevel: 'medium',
      request: req,
      meta: { queryType: action, entityRef, cluster, permission, actor },
    });
    const record = async (result: AuditResult, message?: string) => {
      try {
        await this.deps.store.addAuditEvent({
          entityRef,
          cluster,
          action,
          permission,
          actor,
          result,
          message,
        });
      } catch (error) {
        // The action's own outcome must reach the caller even if the trail
        // cannot be written; the auditor event above still has it.
        this.deps.logger.error(`Could not record ${action} on ${entityRef}@${cluster}`, error as Error);
      }
    };
    return {
      denied: async error => {
        await event.fail({ error, meta: { result: 'denied' } });
        await record('denied', error.message);
      },
      failed: async error => {
        const err = typeof error === 'string' ? new Error(error) : error;
        await event.fail({ error: err, meta: { result: 'failed' } });
        await record('failed', err.message);
      },
      succeeded: async message => {
        await event.success({ meta: { result: 'succeeded' } });
        await record('succeeded', message);
      },
    };
  }
}
