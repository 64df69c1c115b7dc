import { appGet } from './appGet';
import { appHistory } from './appHistory';
import { appList } from './appList';
import { appRollback } from './appRollback';
import { appSync } from './appSync';
import { appUnpin } from './appUnpin';
import { appWait } from './appWait';
import {
  rolloutAbort,
  rolloutPause,
  rolloutPromote,
  rolloutResume,
  rolloutRetry,
} from './rolloutControl';
import { rolloutGet } from './rolloutGet';
import type { CommandSpec } from './types';

/** Every command, in the order `slipway --help` lists them. */
export const COMMANDS: CommandSpec[] = [
  appList,
  appGet,
  appSync,
  appWait,
  appHistory,
  appRollback,
  appUnpin,
  rolloutGet,
  rolloutPromote,
  rolloutAbort,
  rolloutRetry,
  rolloutPause,
  rolloutResume,
];

export type { CommandSpec, CommandContext } from './types';
