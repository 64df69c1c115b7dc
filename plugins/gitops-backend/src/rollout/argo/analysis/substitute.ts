import type { AnalysisMetric, ArgValues } from './types';

const OPEN = '{{';
const CLOSE = '}}';

class SubstitutionError extends Error {}

/**
 * Replaces `{{args.name}}` (spaces inside the braces allowed) as Argo's
 * fasttemplate-based `ResolveArgs` does: every `{{…}}` must name a known
 * argument, else `failed to resolve {{…}}` (the last such tag is named, as
 * in Argo), and an opening `{{` needs its `}}`.
 */
export function substituteArgs(text: string, values: ArgValues): string {
  if (!text.includes(OPEN)) return text;
  let out = '';
  let rest = text;
  let unresolved: string | undefined;
  for (;;) {
    const open = rest.indexOf(OPEN);
    if (open < 0) break;
    out += rest.slice(0, open);
    rest = rest.slice(open + OPEN.length);
    const close = rest.indexOf(CLOSE);
    if (close < 0) {
      throw new SubstitutionError(
        `Cannot find end tag="${CLOSE}" in the template=${JSON.stringify(
          text,
        )}`,
      );
    }
    const tag = rest.slice(0, close);
    rest = rest.slice(close + CLOSE.length);
    const key = tag.trim();
    const name = key.startsWith('args.')
      ? key.slice('args.'.length)
      : undefined;
    if (name !== undefined && Object.hasOwn(values, name)) {
      out += values[name];
    } else {
      unresolved = tag;
    }
  }
  if (unresolved !== undefined) {
    throw new SubstitutionError(`failed to resolve {{${unresolved}}}`);
  }
  return out + rest;
}

function substituteDeep(value: unknown, values: ArgValues): unknown {
  if (typeof value === 'string') return substituteArgs(value, values);
  if (Array.isArray(value)) return value.map(v => substituteDeep(v, values));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, field]) => [
        substituteArgs(key, values),
        substituteDeep(field, values),
      ]),
    );
  }
  return value;
}

/**
 * The metric with its arguments substituted in every string it holds (names,
 * conditions, counts and limits given as strings, the provider's query, URL,
 * headers and bodies, and the keys of a `jsonBody`), as Argo resolves the
 * metric's whole JSON.
 */
export function resolveMetric(
  metric: AnalysisMetric,
  values: ArgValues,
):
  | { metric: AnalysisMetric; error?: undefined }
  | { error: string; metric?: undefined } {
  try {
    return { metric: substituteDeep(metric, values) as AnalysisMetric };
  } catch (error) {
    if (error instanceof SubstitutionError) return { error: error.message };
    throw error;
  }
}

/** Replaces each Secret value in a text with `*****`, as Argo redacts its logs and messages. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) {
    if (secret !== '') masked = masked.split(secret).join('*****');
  }
  return masked;
}
