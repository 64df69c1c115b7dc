import type { RolloutAction } from '@slipway/plugin-gitops-common';
import { CLUSTER_OPTION, OptionSpecs } from '../args/options';
import { appPath } from '../api/resolveApp';
import { rolloutState } from '../output/describe';
import { rolloutOf } from './rolloutTarget';
import { targetOf } from './shared';
import type { CommandSpec, CommandInput } from './types';

/**
 * A manual control of a rollout (needs gitops.rollout.control). The engine
 * applies it on its next tick; one that does not apply in the rollout's
 * phase is refused with 409, exit code 7.
 */
function control(
  name: 'promote' | 'abort' | 'retry' | 'pause' | 'resume',
  summary: string,
  extra: OptionSpecs = {},
  actionOf: (input: CommandInput) => RolloutAction = () => name,
): CommandSpec {
  return {
    group: 'rollout',
    name,
    summary: `${summary} (needs gitops.rollout.control)`,
    args: ['APP', '[ROLLOUT]'],
    options: { ...CLUSTER_OPTION, ...extra },
    details:
      'Without ROLLOUT, the app\'s only rollout. Refused with exit code 7 when it does not\napply in the rollout\'s phase (see docs/rollout-engine.md, "Manual controls").',
    async run(ctx, input) {
      const target = await targetOf(ctx, input.args[0], input.options);
      const { rollout } = await rolloutOf(ctx.client, target, input.args[1]);
      const action = actionOf(input);
      const { status } = await ctx.client.call('controlRollout', {
        path: { ...appPath(target), rollout: rollout.name, action },
        body: {},
      });
      return {
        json: { rollout: rollout.name, action, status },
        text: `Rollout ${rollout.name} of ${
          target.key
        }: ${action} accepted; now ${rolloutState(status)}`,
      };
    },
  };
}

export const rolloutPromote = control(
  'promote',
  'let a held rollout past its pause or gate; --full skips every remaining step',
  {
    full: {
      type: 'boolean',
      description: 'skip every remaining step and check and promote now',
    },
  },
  ({ options }) => (options.full ? 'promote-full' : 'promote'),
);
export const rolloutAbort = control(
  'abort',
  'roll the running canary back now',
);
export const rolloutRetry = control(
  'retry',
  "run a Failed rollout's revision again from step 0",
);
export const rolloutPause = control(
  'pause',
  'hold the running canary at its weight',
);
export const rolloutResume = control('resume', 'go on with a paused canary');
