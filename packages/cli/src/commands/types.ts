import type { OptionSpecs, OptionValues } from '../args/options';
import type { SlipwayClient } from '../api/SlipwayClient';
import type { CommandResult } from '../exitCodes';

/** What a command runs with. */
export interface CommandContext {
  client: SlipwayClient;
  /** A line for the pipeline's log, on stderr so stdout stays the result. */
  progress(line: string): void;
}

export interface CommandInput {
  /** The positional arguments after `<group> <command>`. */
  args: string[];
  options: OptionValues;
}

/** One `slipway <group> <command>`. */
export interface CommandSpec {
  group: 'app' | 'rollout';
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Positional arguments; optional ones in brackets: `[ROLLOUT]`. */
  args: string[];
  options: OptionSpecs;
  /** More help: what it waits for, what it prints. */
  details?: string;
  run(ctx: CommandContext, input: CommandInput): Promise<CommandResult>;
}
