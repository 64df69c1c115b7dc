export {
  eventIdentity,
  noDeliveryEvents,
  type ChangedPart,
  type ClearableKind,
  type DeliveryEvent,
  type DeliveryEventKind,
  type DeliveryEvents,
} from './DeliveryEvents';
export { OwnerNotifier, type OwnerNotifierDeps } from './OwnerNotifier';
export {
  readNotificationSettings,
  type NotificationSettings,
} from './notificationSettings';
