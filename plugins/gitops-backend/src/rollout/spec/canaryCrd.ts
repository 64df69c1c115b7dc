/**
 * What Flagger's CRD (v1.36) asks of a `Canary` beyond the schema Slipway's
 * own `Rollout` shares with it, in the API server's words, so a Canary
 * Slipway accepts is one the API server accepts:
 *
 * - `targetRef`, `autoscalerRef`, `ingressRef`, `routeRef` and
 *   `upstreamRef` each need `apiVersion` and `kind`;
 * - `analysis` needs `interval` and `threshold`, and exactly one of
 *   `iterations`, `stepWeight` and `stepWeights` (the CRD's `oneOf`);
 * - `analysis.interval`, each metric's `interval` and each webhook's
 *   `timeout` match `^[0-9]+(m|s)`: whole seconds or minutes first, so
 *   `1h` and `30` are refused (`1m30s` passes, as the pattern is only
 *   anchored at the start).
 *
 * Runs on the document after nulls are pruned; never throws.
 */
const REFS = [
  'targetRef',
  'autoscalerRef',
  'ingressRef',
  'routeRef',
  'upstreamRef',
] as const;

const ONE_OF = ['iterations', 'stepWeight', 'stepWeights'] as const;

const DURATION = /^[0-9]+(m|s)/;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function durationProblem(path: string, value: unknown): string[] {
  if (typeof value !== 'string' || DURATION.test(value)) return [];
  return [`${path}: Invalid value: "${value}": should match '^[0-9]+(m|s)'`];
}

function refProblems(spec: Json): string[] {
  return REFS.flatMap(field => {
    const ref = spec[field];
    if (!isObject(ref)) return [];
    return (['apiVersion', 'kind'] as const)
      .filter(key => ref[key] === undefined)
      .map(key => `spec.${field}.${key}: Required value`);
  });
}

function analysisProblems(analysis: Json, skipAnalysis: boolean): string[] {
  const problems: string[] = [];
  for (const field of ['interval', 'threshold'] as const) {
    if (analysis[field] === undefined)
      problems.push(`spec.analysis.${field}: Required value`);
  }
  // None set is also named by the rules (rules.ts), in their own words.
  const set = ONE_OF.filter(field => analysis[field] !== undefined);
  if (set.length > 1 || (set.length === 0 && skipAnalysis)) {
    problems.push(
      `spec.analysis: must set exactly one of ${ONE_OF.join(
        ', ',
      )} (Flagger's CRD); ${
        set.length ? `it sets ${set.join(' and ')}` : 'it sets none'
      }`,
    );
  }
  problems.push(
    ...durationProblem('spec.analysis.interval', analysis.interval),
  );
  const list = (field: string) =>
    Array.isArray(analysis[field]) ? (analysis[field] as unknown[]) : [];
  list('metrics').forEach((metric, i) => {
    if (isObject(metric))
      problems.push(
        ...durationProblem(
          `spec.analysis.metrics[${i}].interval`,
          metric.interval,
        ),
      );
  });
  list('webhooks').forEach((hook, i) => {
    if (isObject(hook))
      problems.push(
        ...durationProblem(
          `spec.analysis.webhooks[${i}].timeout`,
          hook.timeout,
        ),
      );
  });
  return problems;
}

export function checkCanaryCrd(doc: unknown): string[] {
  const spec = isObject(doc) ? doc.spec : undefined;
  if (!isObject(spec)) return [];
  const analysis = spec.analysis;
  return [
    ...refProblems(spec),
    ...(isObject(analysis)
      ? analysisProblems(analysis, spec.skipAnalysis === true)
      : []),
  ];
}
