import { rolloutFieldValue } from './fieldRef';
import type {
  ArgValues,
  RunArgument,
  SuppliedArgument,
  TemplateArgument,
} from './types';

/** Reads one key of a Secret in the run's namespace: undefined when the key is missing; throws when the Secret cannot be read. */
export type ReadSecret = (
  name: string,
  key: string,
) => string | undefined | Promise<string | undefined>;

/** What arguments may read besides their own text. */
export interface ArgsContext {
  /** The Rollout as a plain object, read by a supplied argument's `valueFrom.fieldRef`. */
  rollout?: unknown;
  /** Read by `valueFrom.podTemplateHashValue` (`Stable`, `Latest`); empty when unknown, as in Argo. */
  podTemplateHashes?: { stable?: string; latest?: string };
  readSecret?: ReadSecret;
}

export interface ResolvedArgs {
  /** Every argument's value, Secret values included: for substitution only, never to store or show. */
  values: ArgValues;
  /** The arguments whose value came from a Secret: mask their values in anything shown. */
  secretNames: string[];
  /** Safe to store and show: an argument from a Secret keeps its reference, not its value. */
  args: RunArgument[];
}

/** What a Secret argument reads as while its value is not needed (Argo's own placeholder). */
export const SECRET_PLACEHOLDER = 'temp-for-secret';

/**
 * Argo's `BuildArgumentsForRolloutAnalysisRun`: the value each argument a
 * Rollout passes ends up with. A plain argument with no value passes an
 * empty one, as in Argo.
 */
export function suppliedArgValues(
  supplied: SuppliedArgument[],
  context: ArgsContext = {},
): { values: { name: string; value: string }[]; errors: string[] } {
  const values: { name: string; value: string }[] = [];
  const errors: string[] = [];
  for (const arg of supplied) {
    let value = arg.value ?? '';
    const from = arg.valueFrom;
    if (from?.podTemplateHashValue === 'Latest') {
      value = context.podTemplateHashes?.latest ?? '';
    } else if (from?.podTemplateHashValue === 'Stable') {
      value = context.podTemplateHashes?.stable ?? '';
    } else if (from?.fieldRef) {
      const read = rolloutFieldValue(context.rollout, from.fieldRef.fieldPath);
      if (read.error !== undefined) {
        errors.push(`args.${arg.name}: valueFrom.fieldRef: ${read.error}`);
        continue;
      }
      value = read.value;
    }
    values.push({ name: arg.name, value });
  }
  return { values, errors };
}

/**
 * Argo's `MergeArgs`: the template's arguments, each given the value the
 * Rollout passes for it (arguments the template does not declare are
 * ignored). An argument left with neither a value nor a Secret is named.
 * As in Argo, an argument the template reads from a Secret keeps reading it
 * even when the Rollout passes a value.
 */
export function mergeArgs(
  templateArgs: TemplateArgument[],
  supplied: SuppliedArgument[],
  context: ArgsContext = {},
): { args?: RunArgument[]; errors: string[] } {
  const built = suppliedArgValues(supplied, context);
  if (built.errors.length > 0) return { errors: built.errors };
  const given = new Map<string, string>();
  // A name passed twice: the last value wins, as in Argo.
  for (const { name, value } of built.values) given.set(name, value);
  const args: RunArgument[] = [];
  const errors: string[] = [];
  for (const arg of templateArgs) {
    const secretKeyRef = arg.valueFrom?.secretKeyRef;
    const value = given.get(arg.name) ?? arg.value;
    if (secretKeyRef) {
      args.push({ name: arg.name, secretKeyRef: { ...secretKeyRef } });
    } else if (value !== undefined) {
      args.push({ name: arg.name, value });
    } else if (arg.valueFrom?.fieldRef) {
      errors.push(
        `args.${arg.name}: valueFrom.fieldRef is only read in a Rollout's analysis args; Argo Rollouts fails this run with 'argument "${arg.name}" was not supplied', so pass the value from the Rollout`,
      );
    } else {
      errors.push(
        `args.${arg.name} was not resolved: the template gives it no value and the Rollout passes none`,
      );
    }
  }
  return errors.length > 0 ? { errors } : { args, errors };
}

/**
 * Reads the Secret arguments of a run, as Argo does before each round of
 * measurements. Errors read as Argo's (`key 'k' does not exist in secret
 * 's'`), or as what `readSecret` threw.
 */
export async function readSecretArgs(
  args: RunArgument[],
  readSecret: ReadSecret | undefined,
): Promise<{ values: ArgValues; error?: undefined } | { error: string }> {
  const values: ArgValues = {};
  for (const arg of args) {
    const ref = arg.secretKeyRef;
    if (!ref) continue;
    if (!readSecret) {
      return {
        error: `args.${arg.name}: reads Secret ${ref.name}, but no Secret reader was given`,
      };
    }
    let value: string | undefined;
    try {
      value = await readSecret(ref.name, ref.key);
    } catch (error) {
      return { error: (error as Error).message };
    }
    if (value === undefined) {
      return {
        error: `key '${ref.key}' does not exist in secret '${ref.name}'`,
      };
    }
    values[arg.name] = value;
  }
  return { values };
}

/**
 * The values to substitute: plain arguments' own, Secret arguments' from
 * `secrets` (Argo's placeholder when not given, enough to schedule and
 * validate a run without reading a Secret).
 */
export function argValues(
  args: RunArgument[],
  secrets: ArgValues = {},
): ArgValues {
  const values: ArgValues = {};
  for (const arg of args) {
    if (arg.secretKeyRef) {
      values[arg.name] = Object.hasOwn(secrets, arg.name)
        ? secrets[arg.name]
        : SECRET_PLACEHOLDER;
    } else {
      values[arg.name] = arg.value ?? '';
    }
  }
  return values;
}

/** The Secret values among the arguments, to mask in anything shown. */
export function secretValues(
  args: RunArgument[],
  secrets: ArgValues = {},
): string[] {
  return args
    .filter(arg => arg.secretKeyRef && Object.hasOwn(secrets, arg.name))
    .map(arg => secrets[arg.name]);
}

/**
 * Template defaults, the Rollout's values (`value`, `valueFrom.fieldRef` on
 * the injected Rollout, `valueFrom.podTemplateHashValue`) and Secrets read
 * through `readSecret`, merged as Argo merges them. Every problem names the
 * argument.
 */
export async function resolveArgs(
  templateArgs: TemplateArgument[],
  supplied: SuppliedArgument[],
  context: ArgsContext = {},
): Promise<{ resolved?: ResolvedArgs; errors: string[] }> {
  const merged = mergeArgs(templateArgs, supplied, context);
  if (!merged.args) return { errors: merged.errors };
  const secrets = await readSecretArgs(merged.args, context.readSecret);
  if (secrets.error !== undefined) return { errors: [secrets.error] };
  return {
    resolved: {
      values: argValues(merged.args, secrets.values),
      secretNames: merged.args
        .filter(arg => arg.secretKeyRef)
        .map(arg => arg.name),
      args: merged.args,
    },
    errors: [],
  };
}
