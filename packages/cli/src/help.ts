import { GLOBAL_OPTIONS, OptionSpecs } from './args/options';
import type { CommandSpec } from './commands/types';

const EXIT_CODES = `Exit codes:
  0  done (the wait ended Synced and Healthy, the rollouts settled)
  1  any other error: the server failed (5xx), could not be reached, answered nonsense
  2  usage: a wrong command line, or a request the API refused as malformed (400)
  3  refused: no or a bad token (401), or a permission you lack (403)
  4  not found: entity, app, run, operation or rollout (404)
  5  timeout: a wait reached --timeout
  6  failed: the operation failed, the app is Degraded or Invalid, a rollout Failed
  7  conflict: the action does not apply now (409), e.g. promote with no canary held`;

const APP_ARG = `APP is [kind:][namespace/]name[@cluster], e.g. payments, component:default/payments@prod:
kind defaults to component and namespace to default; without @cluster or --cluster,
the entity's only app.`;

export const usageLine = (spec: CommandSpec) =>
  `slipway ${spec.group} ${spec.name}${spec.args.map(a => ` ${a}`).join('')}`;

function optionLines(options: OptionSpecs): string {
  const rows = Object.entries(options).map(([name, spec]) => {
    const short = spec.short ? `-${spec.short}, ` : '    ';
    const value = spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : '';
    return [`  ${short}--${name}${value}`, spec.description];
  });
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows
    .map(([left, text]) => `${left.padEnd(width)}  ${text}`)
    .join('\n');
}

/** `slipway --help`, or `slipway app --help` for one group. */
export function mainHelp(commands: CommandSpec[], group?: string): string {
  const shown = commands.filter(c => !group || c.group === group);
  const width = Math.max(...shown.map(c => usageLine(c).length));
  const list = shown
    .map(c => `  ${usageLine(c).padEnd(width)}  ${c.summary}`)
    .join('\n');
  return `slipway: Slipway's apps and rollouts from a pipeline, over its REST API.

Usage: slipway ${group ?? '<app|rollout>'} <command> [arguments] [options]

Commands:
${list}

${APP_ARG}

Options:
${optionLines(GLOBAL_OPTIONS)}

Each command has its own options: slipway <group> <command> --help.

${EXIT_CODES}
`;
}

/** `slipway app sync --help` */
export function commandHelp(spec: CommandSpec): string {
  return `Usage: ${usageLine(spec)} [options]

${spec.summary[0].toUpperCase()}${spec.summary.slice(1)}.
${spec.details ? `\n${spec.details}\n` : ''}${
    spec.args.includes('APP') ? `\n${APP_ARG}\n` : ''
  }
Options:
${optionLines(spec.options)}

Global options:
${optionLines(GLOBAL_OPTIONS)}

${EXIT_CODES}
`;
}
