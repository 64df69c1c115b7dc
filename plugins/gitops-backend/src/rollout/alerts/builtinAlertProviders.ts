import type { AlertProvider } from '@slipway/plugin-gitops-node';
import { DingTalkAlertProvider } from './DingTalkAlertProvider';
import { DiscordAlertProvider } from './DiscordAlertProvider';
import { GChatAlertProvider } from './GChatAlertProvider';
import { GenericAlertProvider } from './GenericAlertProvider';
import { MSTeamsAlertProvider } from './MSTeamsAlertProvider';
import { RocketAlertProvider } from './RocketAlertProvider';
import { SlackAlertProvider } from './SlackAlertProvider';

/** The alert providers Slipway ships; modules add more through the extension point. */
export function builtinAlertProviders(): AlertProvider[] {
  return [
    new SlackAlertProvider(),
    new DiscordAlertProvider(),
    new RocketAlertProvider(),
    new MSTeamsAlertProvider(),
    new GChatAlertProvider(),
    new DingTalkAlertProvider(),
    new GenericAlertProvider(),
  ];
}

export const BUILTIN_ALERT_PROVIDER_TYPES = [
  'slack',
  'discord',
  'rocket',
  'msteams',
  'gchat',
  'dingtalk',
  'generic',
] as const;
