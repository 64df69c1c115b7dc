import { createHash } from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  gitopsAppChannel,
  gitopsRolloutsChannel,
} from '@slipway/plugin-gitops-common';
import type { Knex } from 'knex';
import {
  eventIdentity,
  type ChangedPart,
  type ClearableKind,
  type DeliveryEvent,
  type DeliveryEvents,
} from './DeliveryEvents';
import { isSent, type NotificationSettings } from './notificationSettings';

const TABLE = 'notification_events';
/** How long a backend that claimed an event has to deliver it before another may. */
const CLAIM_MS = 5 * 60_000;
/** Deliveries tried before an event is given up. */
export const MAX_ATTEMPTS = 12;
/** Pings of one app within this long go out as one. */
const SIGNAL_COALESCE_MS = 200;
const DESCRIPTION_MAX = 1000;

type Timestamp = Date | string | number;

interface Row {
  event_key: string;
  notification: string;
  attempts: number;
  claimed_until: Timestamp | null;
}

export interface OwnerNotifierDeps {
  db: Knex;
  logger: LoggerService;
  settings: NotificationSettings;
  /** Absent: nothing is notified (the notifications plugin is not installed). */
  notifications?: NotificationService;
  /** Absent: no live-update pings (the signals plugin is not installed). */
  signals?: SignalsService;
  now?: () => Date;
}

/**
 * Notifies an app's owners of its delivery events through Backstage's
 * notifications, each event once, and pings its signal channels when its
 * tabs should reload (docs/notifications.md).
 *
 * Once: each event has an identity (eventIdentity); its row in
 * `notification_events`, keyed by the identity's hash, is inserted with
 * ON CONFLICT DO NOTHING, and only the backend whose insert made the row
 * sends it. The same event seen by another tick, a repeated reconcile or
 * another replica finds the row and sends nothing. The row is also the
 * outbox: a send that failed is retried by `deliverPending` (a scheduled
 * task), one backend at a time through `claimed_until`, and every send
 * carries the event's `scope`, so a retry after a send whose answer was lost
 * updates the user's notification instead of adding a second.
 */
export class OwnerNotifier implements DeliveryEvents {
  readonly #deps: OwnerNotifierDeps;
  readonly #now: () => Date;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #pings = new Set<string>();
  #pingTimer?: ReturnType<typeof setTimeout>;

  constructor(deps: OwnerNotifierDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? (() => new Date());
  }

  /** Whether events are recorded and sent at all. */
  get notifying(): boolean {
    return Boolean(this.#deps.notifications);
  }

  async happened(event: DeliveryEvent): Promise<void> {
    const { notifications, settings, db, logger } = this.#deps;
    if (!notifications || !isSent(settings, event.kind)) return;
    const identity = eventIdentity(event);
    const key = hashOf(identity);
    const now = this.#now();
    const notification = this.#compose(event, key);
    try {
      const inserted = await db(TABLE)
        .insert({
          event_key: key,
          identity,
          app_key: event.appKey,
          kind: event.kind,
          notification: JSON.stringify(notification),
          attempts: 0,
          created_at: now,
          claimed_until: new Date(now.getTime() + CLAIM_MS),
        })
        .onConflict('event_key')
        .ignore()
        .returning('event_key');
      // Another tick or backend recorded it first: theirs to send.
      if (!inserted.length) return;
    } catch (error) {
      logger.warn(
        `Recording notification ${identity} failed: ${
          (error as Error).message
        }`,
      );
      return;
    }
    this.#track(this.#deliver(key, notification, 0));
  }

  async cleared(appKey: string, kind: ClearableKind): Promise<void> {
    if (!this.#deps.notifications) return;
    try {
      await this.#deps
        .db(TABLE)
        .where({ app_key: appKey, kind })
        .whereNotNull('delivered_at')
        .delete();
    } catch (error) {
      this.#deps.logger.warn(
        `Clearing ${kind} notifications of ${appKey} failed: ${
          (error as Error).message
        }`,
      );
    }
  }

  changed(appKey: string, part: ChangedPart = 'app'): void {
    if (!this.#deps.signals) return;
    this.#pings.add(
      part === 'app' ? gitopsAppChannel(appKey) : gitopsRolloutsChannel(appKey),
    );
    if (this.#pingTimer) return;
    this.#pingTimer = setTimeout(() => {
      this.#pingTimer = undefined;
      this.#track(this.#flushPings());
    }, SIGNAL_COALESCE_MS);
    this.#pingTimer.unref?.();
  }

  /**
   * Sends events whose delivery failed or whose backend died before it was
   * sent, and forgets delivered ones past retention. Run by one backend at a
   * time (a global scheduled task); each row is claimed before it is sent.
   * Returns how many were delivered.
   */
  async deliverPending(): Promise<number> {
    const { db, settings } = this.#deps;
    if (!this.#deps.notifications) return 0;
    const now = this.#now();
    await db(TABLE)
      .where(
        'delivered_at',
        '<',
        new Date(now.getTime() - settings.retentionDays * 86_400_000),
      )
      .delete();
    const due = (query: Knex.QueryBuilder) =>
      query
        .whereNull('delivered_at')
        .where('attempts', '<', MAX_ATTEMPTS)
        .where(q =>
          q.whereNull('claimed_until').orWhere('claimed_until', '<=', now),
        );
    const rows: Row[] = await due(db(TABLE))
      .select('event_key', 'notification', 'attempts', 'claimed_until')
      .orderBy('created_at')
      .limit(100);
    let delivered = 0;
    for (const row of rows) {
      const claimed = await due(
        db(TABLE).where('event_key', row.event_key),
      ).update({ claimed_until: new Date(now.getTime() + CLAIM_MS) });
      if (!claimed) continue;
      if (
        await this.#deliver(
          row.event_key,
          JSON.parse(row.notification),
          Number(row.attempts),
        )
      )
        delivered++;
    }
    return delivered;
  }

  /** Waits for the sends and pings under way (shutdown, tests). */
  async settled(): Promise<void> {
    if (this.#pingTimer) {
      clearTimeout(this.#pingTimer);
      this.#pingTimer = undefined;
      this.#track(this.#flushPings());
    }
    while (this.#inFlight.size) await Promise.all([...this.#inFlight]);
  }

  #track(work: Promise<unknown>) {
    const tracked = work.then(
      () => undefined,
      () => undefined,
    );
    this.#inFlight.add(tracked);
    tracked.finally(() => this.#inFlight.delete(tracked));
  }

  async #deliver(
    key: string,
    notification: NotificationSendOptions,
    attempts: number,
  ): Promise<boolean> {
    const { db, logger, notifications } = this.#deps;
    try {
      await notifications!.send(notification);
    } catch (error) {
      const message = (error as Error).message;
      logger.warn(
        `Notification '${notification.payload.title}' not delivered (attempt ${
          attempts + 1
        }): ${message}`,
      );
      // Retried later, sooner at first: 30 s, 1 min, 2 min … up to an hour.
      const delayMs = Math.min(3_600_000, 30_000 * 2 ** attempts);
      await db(TABLE)
        .where('event_key', key)
        .update({
          attempts: attempts + 1,
          last_error: message.slice(0, 2000),
          claimed_until: new Date(this.#now().getTime() + delayMs),
        })
        .catch(() => undefined);
      return false;
    }
    await db(TABLE)
      .where('event_key', key)
      .update({
        attempts: attempts + 1,
        last_error: null,
        delivered_at: this.#now(),
        claimed_until: null,
      })
      .catch(e =>
        logger.warn(
          `Notification '${notification.payload.title}' was sent but not marked: ${e.message}`,
        ),
      );
    return true;
  }

  async #flushPings(): Promise<void> {
    const channels = [...this.#pings];
    this.#pings.clear();
    for (const channel of channels) {
      // A ping and nothing else: broadcast signals reach every user, so the
      // tabs read what changed through the REST API and its permissions.
      await this.#deps
        .signals!.publish({
          recipients: { type: 'broadcast' },
          channel,
          message: { type: 'changed' },
        })
        .catch(error =>
          this.#deps.logger.debug(
            `Signal on ${channel} failed: ${(error as Error).message}`,
          ),
        );
    }
  }

  #compose(event: DeliveryEvent, key: string): NotificationSendOptions {
    const { settings } = this.#deps;
    const at = event.appKey.lastIndexOf('@');
    const entityRef = event.appKey.slice(0, at);
    const cluster = event.appKey.slice(at + 1);
    const entity = parseEntityRef(entityRef);
    const kindSettings = settings.events[event.kind];
    const page = settings.entityPath
      .replace('{namespace}', encodeURIComponent(entity.namespace))
      .replace('{kind}', encodeURIComponent(entity.kind.toLocaleLowerCase()))
      .replace('{name}', encodeURIComponent(entity.name))
      .replace(/\/$/, '');
    const tab = settings.tabs[kindSettings.tab].replace(/^\//, '');
    const link = `${page}/${tab}`;
    const { title, description } = describe(event, entity.name, cluster);
    return {
      // The entity's owners: the notifications backend follows its ownedBy
      // relation (spec.owner) to the group and its members.
      recipients: { type: 'entity', entityRef },
      payload: {
        title,
        description: description?.slice(0, DESCRIPTION_MAX),
        link,
        severity: kindSettings.severity,
        topic: kindSettings.topic,
        // A resend of this event (a retry) updates the user's notification.
        scope: `slipway:${key}`,
      },
    };
  }
}

function hashOf(identity: string): string {
  return createHash('sha256').update(identity).digest('hex');
}

const short = (revision?: string) => revision?.slice(0, 12);

/** What a rollout waiting for a person waits for, in words. */
function waitWords(reason: string, stepIndex: number): string {
  switch (reason) {
    case 'approval':
      return 'is waiting for approval to start';
    case 'pause step':
      return `is paused at step ${stepIndex + 1} until promoted`;
    case 'inconclusive analysis':
      return 'is paused on an inconclusive analysis until promoted';
    default:
      return `is waiting for ${reason}`;
  }
}

/** The words of a notification: what happened to which app, then the details. */
export function describe(
  event: DeliveryEvent,
  name: string,
  cluster: string,
): { title: string; description?: string } {
  const app = `${name} on ${cluster}`;
  const join = (...parts: Array<string | undefined>) =>
    parts.filter(Boolean).join(': ') || undefined;
  switch (event.kind) {
    case 'syncFailed':
      return {
        title: `Sync of ${app} failed`,
        description: join(
          event.revision ? `Revision ${short(event.revision)}` : undefined,
          event.message,
        ),
      };
    case 'degraded':
      return {
        title: `${app} is Degraded`,
        description: join(
          event.revision ? `Revision ${short(event.revision)}` : undefined,
          event.message,
        ),
      };
    case 'rolloutWaiting':
      return {
        title: `Rollout ${event.rollout} of ${app} ${waitWords(
          event.reason,
          event.stepIndex,
        )}`,
        description:
          event.message ??
          `Promote it on the Canary tab to let it continue (step ${
            event.stepIndex + 1
          }).`,
      };
    case 'rolloutFailed':
      return {
        title: `Rollout ${event.rollout} of ${app} failed`,
        description: join(`Run ${event.runId}`, event.message),
      };
    default:
      return {
        title: `Rollout ${event.rollout} of ${app} was promoted`,
        description: join(`Run ${event.runId}`, event.message),
      };
  }
}
