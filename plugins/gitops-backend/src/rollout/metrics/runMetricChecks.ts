import type { MetricProvider } from '@slipway/plugin-gitops-node';
import { checkTarget, OutboundPolicy } from '../../outbound';
import { DEFAULTS } from '../spec/defaults';
import type { MetricTemplateSpec } from '../spec/metricTemplate';
import type { MetricSpec, RolloutSpec } from '../spec/types';
import { renderBuiltinQuery, renderMetricQuery } from './builtinQueries';
import { metricAuthHeaders } from './metricAuth';
import { checkThreshold, metricBounds } from './thresholds';

export interface MetricCheckResult {
  name: string;
  value?: number;
  min?: number;
  max?: number;
  passed: boolean;
  message?: string;
  durationMs: number;
  /** No data under `onNoData: inconclusive`: neither passed nor a failed check. */
  inconclusive?: boolean;
}

export interface MetricChecksResult {
  /** Every check that ran passed (or none ran). */
  passed: boolean;
  /** The run stopped at a metric without data under `onNoData: inconclusive`. */
  inconclusive: boolean;
  /** The first failure's message. */
  message?: string;
  /** Name of the first metric that did not pass. */
  failed?: string;
  /** The checks that ran, in order; the last one is the failure, if any. */
  results: MetricCheckResult[];
}

/** A MetricTemplate rendered beside the rollout that did not parse, and why. */
export interface InvalidMetricTemplate {
  name: string;
  namespace?: string;
  errors: string[];
}

export interface MetricChecksInput {
  spec: RolloutSpec;
  /** The app's parsed MetricTemplates. */
  templates: MetricTemplateSpec[];
  /**
   * The app's MetricTemplates that did not parse: a metric naming one fails
   * saying why, where it would otherwise find nothing of that name.
   */
  invalidTemplates?: InvalidMetricTemplate[];
  providers: (type: string) => MetricProvider | undefined;
  /**
   * Used when the spec has no `metricsServer` (parsing normally fills it in
   * from the configured default) and a template no address.
   */
  defaultMetricsServer?: string;
  /** Where a MetricTemplate's own address or the spec's metricsServer may point: the project's outboundHosts. */
  projectPolicy: OutboundPolicy;
  /** Calls to the operator's metrics server (`defaultMetricsServer`). */
  operatorPolicy: OutboundPolicy;
  /** Data of a Secret in the rollout's namespace, or undefined when it does not exist. */
  readSecret(
    namespace: string,
    name: string,
  ): Promise<Record<string, string> | undefined>;
  /** The rollout's target workload. */
  target: { name: string; namespace: string };
  signal?: AbortSignal;
  /** Only the metrics with these names (an analysis step); default all. */
  only?: string[];
}

/** What a query is run with; the builtin providers call through `policy`. */
export type GuardedQueryOptions = Parameters<MetricProvider['query']>[1] & {
  policy: OutboundPolicy;
};

/** A query ready to run: provider, address, headers and rendered text. */
interface PreparedQuery {
  provider: MetricProvider;
  address: string;
  policy: OutboundPolicy;
  headers: Record<string, string>;
  query: string;
  scale: number;
}

/**
 * Runs a rollout's metric checks: builtin metrics first, then
 * templated and inline-query metrics, each group in spec order, stopping at
 * the first check that does not pass. Problems in the setup (an unknown
 * template or provider, a missing secret) are failed checks, never throws.
 * Rejects only when `signal` aborts, so a cancelled tick counts nothing.
 */
export async function runMetricChecks(
  input: MetricChecksInput,
): Promise<MetricChecksResult> {
  const { spec, target, only } = input;
  // Queries name the target's namespace even when the document omits it.
  const scoped: RolloutSpec = {
    ...spec,
    source: {
      ...spec.source,
      namespace: spec.source.namespace ?? target.namespace,
    },
  };
  const selected = spec.analysis.metrics.filter(
    m => !only || only.includes(m.name),
  );
  const ordered = [
    ...selected.filter(m => m.source === 'builtin'),
    ...selected.filter(m => m.source !== 'builtin'),
  ];

  const results: MetricCheckResult[] = [];
  for (const metric of ordered) {
    const result = await runOne(input, scoped, metric);
    results.push(result);
    if (!result.passed) {
      return {
        passed: false,
        inconclusive: result.inconclusive === true,
        message: result.message,
        failed: result.name,
        results,
      };
    }
  }
  return { passed: true, inconclusive: false, results };
}

async function runOne(
  input: MetricChecksInput,
  spec: RolloutSpec,
  metric: MetricSpec,
): Promise<MetricCheckResult> {
  const started = Date.now();
  const { name } = metric;
  const bounds = metricBounds(metric);
  const done = (fields: Omit<MetricCheckResult, 'name' | 'durationMs'>) => ({
    name,
    ...bounds,
    ...fields,
    durationMs: Date.now() - started,
  });

  let raw: number | undefined;
  let prepared: PreparedQuery;
  try {
    prepared = await prepare(input, spec, metric);
    // Checked here too, so a module's provider, which makes its own calls,
    // is never handed a host the project does not allow.
    checkTarget(new URL(prepared.address), prepared.policy, 'URL');
    const options: GuardedQueryOptions = {
      address: prepared.address,
      headers: prepared.headers,
      signal: input.signal,
      policy: prepared.policy,
    };
    raw = await prepared.provider.query(prepared.query, options);
  } catch (error) {
    if (input.signal?.aborted) throw input.signal.reason;
    return done({
      passed: false,
      message: `Metric query failed for ${name}: ${(error as Error).message}`,
    });
  }

  if (raw === undefined) return done(noData(input, spec, metric));
  const value = raw * prepared.scale;
  const verdict = checkThreshold(
    metric,
    value,
    `${input.target.name}.${input.target.namespace}`,
  );
  return done({ value, passed: verdict.passed, message: verdict.message });
}

/** What an empty or NaN result counts as, per `analysis.onNoData`. */
function noData(
  input: MetricChecksInput,
  spec: RolloutSpec,
  metric: MetricSpec,
): Pick<MetricCheckResult, 'passed' | 'message' | 'inconclusive'> {
  const { name: target, namespace } = input.target;
  const found =
    metric.source === 'builtin'
      ? `no values found for ${spec.provider} metric ${metric.name} probably ${target}.${namespace} is not receiving traffic`
      : `no values found for custom metric: ${metric.name}`;
  switch (spec.analysis.onNoData) {
    case 'ignore':
      return {
        passed: true,
        message: `Ignored: ${found} (onNoData: ignore)`,
      };
    case 'inconclusive':
      return {
        passed: false,
        inconclusive: true,
        message: `Inconclusive: ${found} (onNoData: inconclusive)`,
      };
    default:
      return { passed: false, message: `Halt advancement ${found}` };
  }
}

async function prepare(
  input: MetricChecksInput,
  spec: RolloutSpec,
  metric: MetricSpec,
): Promise<PreparedQuery> {
  const server = spec.metricsServer ?? input.defaultMetricsServer;
  if (!server) throw new Error('no metrics server is configured');
  const policyOf = (address: string) =>
    address === (input.defaultMetricsServer ?? DEFAULTS.metricsServer)
      ? input.operatorPolicy
      : input.projectPolicy;
  if (metric.source === 'builtin') {
    const { template, scale } = renderBuiltinQuery(spec, metric);
    return {
      provider: providerOf(input, 'prometheus'),
      address: server,
      policy: policyOf(server),
      headers: {},
      query: template,
      scale,
    };
  }
  if (metric.source === 'query') {
    return {
      provider: providerOf(input, 'prometheus'),
      address: server,
      policy: policyOf(server),
      headers: {},
      query: renderMetricQuery(metric.query!, spec, metric),
      scale: 1,
    };
  }

  const template = findTemplate(input, metric);
  // Only ever the rollout's namespace: findTemplate refuses any other.
  const { namespace } = input.target;
  const headers = requestHeaders(template.provider.headers);
  if (template.provider.secretRef) {
    const secretName = `${namespace}/${template.provider.secretRef.name}`;
    const secret = await input.readSecret(
      namespace,
      template.provider.secretRef.name,
    );
    if (!secret) throw new Error(`secret ${secretName} not found`);
    Object.assign(headers, metricAuthHeaders(secret, secretName));
  }
  const address = template.provider.address ?? server;
  return {
    provider: providerOf(input, template.provider.type),
    address,
    policy: policyOf(address),
    headers,
    query: renderMetricQuery(template.query, spec, metric),
    scale: 1,
  };
}

/**
 * A template's header map as one value per header, which is what providers
 * take: every value of a name is kept, joined with ", " as HTTP allows for a
 * field sent more than once (names differing only in case are one header).
 * A name without values is not sent, as Go's client does not send it.
 */
function requestHeaders(
  headers: Record<string, string[]>,
): Record<string, string> {
  const byName = new Map<string, { name: string; values: string[] }>();
  for (const [name, values] of Object.entries(headers)) {
    const key = name.toLowerCase();
    const header = byName.get(key) ?? { name, values: [] };
    header.values.push(...values);
    byName.set(key, header);
  }
  return Object.fromEntries(
    [...byName.values()]
      .filter(header => header.values.length > 0)
      .map(header => [header.name, header.values.join(', ')]),
  );
}

function providerOf(input: MetricChecksInput, type: string): MetricProvider {
  const provider = input.providers(type);
  if (!provider) {
    throw new Error(`no metric provider of type "${type}" is installed`);
  }
  return provider;
}

/**
 * The MetricTemplate a metric names, only ever in the rollout's namespace (a
 * templateRef without one means it, as in Flagger): a template referenced in,
 * or declared for, another namespace would read that namespace's secret.
 */
function findTemplate(
  input: MetricChecksInput,
  metric: MetricSpec,
): MetricTemplateSpec {
  const ref = metric.templateRef!;
  const { namespace } = input.target;
  const refNamespace = ref.namespace ?? namespace;
  if (refNamespace !== namespace) {
    throw new Error(
      `templateRef ${ref.name}.${refNamespace} is outside the rollout's namespace '${namespace}': MetricTemplates resolve only there`,
    );
  }
  const here = (t: { namespace?: string }) =>
    (t.namespace ?? namespace) === namespace;
  const named = input.templates.filter(t => t.name === ref.name);
  const template = named.find(here);
  if (template) return template;
  // A template that did not parse is there all the same: say what is wrong
  // with it, which "not found" would hide.
  const invalid = (input.invalidTemplates ?? []).filter(
    t => t.name === ref.name,
  );
  const broken = invalid.find(here);
  if (broken) {
    throw new Error(
      `MetricTemplate ${ref.name}.${namespace} is invalid: ${broken.errors.join(
        '; ',
      )}`,
    );
  }
  const elsewhere = [...named, ...invalid].find(
    t => t.namespace !== undefined,
  )?.namespace;
  throw new Error(
    elsewhere
      ? `MetricTemplate ${ref.name} is declared in namespace '${elsewhere}', outside the rollout's namespace '${namespace}': MetricTemplates resolve only there`
      : `MetricTemplate ${ref.name}.${namespace} not found`,
  );
}
