export {
  builtinAlertProviders,
  BUILTIN_ALERT_PROVIDER_TYPES,
} from './builtinAlertProviders';
export { SlackAlertProvider, slackMessage } from './SlackAlertProvider';
export { DiscordAlertProvider } from './DiscordAlertProvider';
export { RocketAlertProvider } from './RocketAlertProvider';
export { MSTeamsAlertProvider } from './MSTeamsAlertProvider';
export { GChatAlertProvider } from './GChatAlertProvider';
export { DingTalkAlertProvider } from './DingTalkAlertProvider';
export { GenericAlertProvider } from './GenericAlertProvider';
export { ALERT_TIMEOUT_MS } from './sendAlertJson';
export type { GuardedAlertDestination } from './sendAlertJson';
export { parseAlertProvider } from './parseAlertProvider';
export type { AlertProviderSpec } from './parseAlertProvider';
export { dispatchAlert, wantsAlert } from './dispatchAlert';
export type {
  AlertDelivery,
  DispatchAlertInput,
  InvalidAlertProvider,
} from './dispatchAlert';
