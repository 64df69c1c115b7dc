import type { Config } from '@backstage/config';
import type { DeliveryEventKind } from './DeliveryEvents';

/** Backstage's notification severities, most pressing first. */
export const SEVERITIES = ['critical', 'high', 'normal', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The entity page tabs a notification links to. */
export type EntityTab = 'gitops' | 'history' | 'canary';

export interface EventSettings {
  enabled: boolean;
  severity: Severity;
  /** Shown in the user's notification settings; muting it there mutes the event. */
  topic: string;
  tab: EntityTab;
}

/** `slipway.notifications`, with its defaults filled in (config.d.ts documents each key). */
export interface NotificationSettings {
  /** true or false as configured; undefined: on when this backend runs the notifications plugin. */
  enabled?: boolean;
  minSeverity: Severity;
  events: Record<DeliveryEventKind, EventSettings>;
  /** Path of an entity page, with `{namespace}`, `{kind}` and `{name}`. */
  entityPath: string;
  tabs: Record<EntityTab, string>;
  /** Delivered events are forgotten after this many days. */
  retentionDays: number;
}

const DEFAULT_EVENTS: Record<DeliveryEventKind, EventSettings> = {
  syncFailed: {
    enabled: true,
    severity: 'high',
    topic: 'Sync failed',
    tab: 'history',
  },
  degraded: {
    enabled: true,
    severity: 'high',
    topic: 'App degraded',
    tab: 'gitops',
  },
  rolloutWaiting: {
    enabled: true,
    severity: 'normal',
    topic: 'Rollout waiting for promotion',
    tab: 'canary',
  },
  rolloutFailed: {
    enabled: true,
    severity: 'high',
    topic: 'Rollout failed',
    tab: 'canary',
  },
  rolloutSucceeded: {
    enabled: true,
    severity: 'low',
    topic: 'Rollout promoted',
    tab: 'canary',
  },
};

const severityOf = (config: Config, key: string): Severity | undefined => {
  const value = config.getOptionalString(key);
  if (value === undefined) return undefined;
  if (!(SEVERITIES as readonly string[]).includes(value)) {
    throw new Error(
      `Invalid ${key} '${value}': use one of ${SEVERITIES.join(', ')}`,
    );
  }
  return value as Severity;
};

export function readNotificationSettings(config: Config): NotificationSettings {
  const root = 'slipway.notifications';
  const events = Object.fromEntries(
    Object.entries(DEFAULT_EVENTS).map(([kind, defaults]) => [
      kind,
      {
        ...defaults,
        enabled:
          config.getOptionalBoolean(`${root}.events.${kind}.enabled`) ??
          defaults.enabled,
        severity:
          severityOf(config, `${root}.events.${kind}.severity`) ??
          defaults.severity,
      },
    ]),
  ) as Record<DeliveryEventKind, EventSettings>;
  const tab = (name: EntityTab) =>
    config.getOptionalString(`${root}.tabs.${name}`) ?? name;
  return {
    enabled: config.getOptionalBoolean(`${root}.enabled`),
    minSeverity: severityOf(config, `${root}.minSeverity`) ?? 'low',
    events,
    entityPath:
      config.getOptionalString(`${root}.entityPath`) ??
      '/catalog/{namespace}/{kind}/{name}',
    tabs: {
      gitops: tab('gitops'),
      history: tab('history'),
      canary: tab('canary'),
    },
    retentionDays: config.getOptionalNumber(`${root}.retentionDays`) ?? 30,
  };
}

/** Whether an event of this kind is sent at all: switched on and at least `minSeverity`. */
export function isSent(
  settings: NotificationSettings,
  kind: DeliveryEventKind,
): boolean {
  const event = settings.events[kind];
  return (
    event.enabled &&
    SEVERITIES.indexOf(event.severity) <=
      SEVERITIES.indexOf(settings.minSeverity)
  );
}
