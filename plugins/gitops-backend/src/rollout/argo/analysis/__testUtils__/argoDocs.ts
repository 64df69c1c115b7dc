import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fetchUpstreamSource, UPSTREAM_SOURCES } from '@internal/test-env';
import {
  extractFileDocuments,
  markdownYamlValues,
} from '../../../corpus/__testUtils__/extractDocuments';

/*
 * Argo Rollouts' documentation, read when the tests run from the pinned
 * release's source tree (`UPSTREAM_SOURCES.argoRollouts`, fetched through
 * the Go module proxy like the upstream corpus test's), never copied into
 * this repository.
 */

type Json = Record<string, unknown>;

let root: Promise<string> | undefined;

/** Where the Argo Rollouts source tree is, fetched once per test file. */
export function argoRolloutsRoot(): Promise<string> {
  root ??= fetchUpstreamSource('argoRollouts').then(source => source.dir);
  return root;
}

const TEMPLATE_KINDS = [
  { group: 'argoproj.io', kind: 'AnalysisTemplate' },
  { group: 'argoproj.io', kind: 'ClusterAnalysisTemplate' },
];

const where = (page: string) =>
  `${page} of Argo Rollouts ${UPSTREAM_SOURCES.argoRollouts.version}`;

/**
 * The `nth` (from 0) AnalysisTemplate or ClusterAnalysisTemplate named
 * `name` on a page of Argo's docs (pages show a name more than once, as the
 * example grows), as JSON.
 */
export async function argoTemplate(
  page: string,
  name: string,
  { kind = 'AnalysisTemplate', nth = 0 } = {},
): Promise<Json> {
  const { documents } = extractFileDocuments(
    await argoRolloutsRoot(),
    page,
    TEMPLATE_KINDS,
  );
  const found = documents.filter(
    d => d.kind === kind && (d.doc.metadata as Json | undefined)?.name === name,
  )[nth];
  if (!found) {
    throw new Error(`no ${kind} ${name} (#${nth}) in ${where(page)}`);
  }
  return found.doc;
}

/**
 * The `nth` (from 0) YAML code block on a page of Argo's docs whose value
 * `matches`: the docs show many examples as fragments (`metrics:` …) of a
 * template's spec.
 */
export async function argoSnippet(
  page: string,
  matches: (value: Json) => boolean,
  nth = 0,
): Promise<Json> {
  const text = readFileSync(path.join(await argoRolloutsRoot(), page), 'utf8');
  const found = markdownYamlValues(text)
    .map(block => block.value)
    .filter(
      (value): value is Json =>
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        matches(value as Json),
    )[nth];
  if (!found) throw new Error(`no matching YAML block in ${where(page)}`);
  return found;
}

/** A template around a spec fragment of the docs. */
export const templateOf = (
  name: string,
  spec: Json,
  kind = 'AnalysisTemplate',
): Json => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind,
  metadata: { name },
  spec,
});

type Metric = { name?: string; provider?: Json } & Json;

/** The metrics of a template or a spec fragment. */
export const metricsOf = (specOrDoc: Json): Metric[] =>
  ((specOrDoc.spec as Json | undefined) ?? specOrDoc).metrics as Metric[];

const ANALYSIS = 'docs/features/analysis.md';
const WEB = 'docs/analysis/web.md';
const PROMETHEUS = 'docs/analysis/prometheus.md';

const hasWeb = (predicate: (web: Json) => boolean) => (value: Json) =>
  Array.isArray(value.metrics) &&
  metricsOf(value).some(m => {
    const web = m.provider?.web as Json | undefined;
    return web !== undefined && predicate(web);
  });

/**
 * The arguments web.md's examples use: `service-name`, and `api-token`
 * from a Secret as analysis.md's "Referencing Secrets" (a template with no
 * name) declares it.
 */
async function webArgs(): Promise<Json[]> {
  const secrets = await argoSnippet(
    ANALYSIS,
    v => v.kind === 'AnalysisTemplate' && v.metadata === undefined,
  );
  return [{ name: 'service-name' }, ...((secrets.spec as Json).args as Json[])];
}

/**
 * The examples of Argo's analysis documentation the tests read, each as
 * JSON, fetched from the pinned release.
 */
export const argoDocs = {
  /** analysis.md, "Background Analysis": `success-rate`, every 5m, failureLimit 3. */
  successRate: () => argoTemplate(ANALYSIS, 'success-rate'),
  /** analysis.md, "Analysis with Multiple Templates": `error-rate`. */
  errorRate: () => argoTemplate(ANALYSIS, 'error-rate'),
  /** analysis.md, "Analysis Template referencing other Analysis Templates": `rates`, templates only. */
  rates: () => argoTemplate(ANALYSIS, 'rates', { nth: 1 }),
  /** analysis.md, "ClusterAnalysisTemplates": `success-rate`, as written (`value: 9090`, a number). */
  clusterSuccessRateAsWritten: () =>
    argoTemplate(ANALYSIS, 'success-rate', {
      kind: 'ClusterAnalysisTemplate',
    }),
  /**
   * The same with its port default quoted: the CRD types an argument's
   * value as a string, so the API server refuses the docs' number.
   */
  clusterSuccessRate: async (): Promise<Json> => {
    const doc = await argoDocs.clusterSuccessRateAsWritten();
    const spec = doc.spec as { args: { name: string; value?: unknown }[] };
    return {
      ...doc,
      spec: {
        ...spec,
        args: spec.args.map(arg =>
          typeof arg.value === 'number'
            ? { ...arg, value: String(arg.value) }
            : arg,
        ),
      },
    };
  },
  /** analysis.md, "Analysis Template Arguments": `args-example` (a Secret argument, a web metric). */
  argsExample: () => argoTemplate(ANALYSIS, 'args-example'),
  /** web.md, the first example (a GET with a bearer token), in a template `webmetric` with the arguments it uses. */
  webMetric: async () =>
    templateOf('webmetric', {
      args: await webArgs(),
      metrics: metricsOf(
        await argoSnippet(
          WEB,
          hasWeb(() => true),
        ),
      ),
    }),
  /** web.md, "Optional web methods" with `jsonBody`, in a template `webmetric-post`. */
  webJsonBody: async () =>
    templateOf('webmetric-post', {
      args: await webArgs(),
      metrics: metricsOf(
        await argoSnippet(
          WEB,
          hasWeb(web => web.jsonBody !== undefined),
        ),
      ),
    }),
  /** prometheus.md, "Range queries": `range-query-example`. */
  rangeQuery: () => argoTemplate(PROMETHEUS, 'range-query-example'),
  /**
   * analysis.md, "Dry-Run Mode" and "Measurements Retention": the first
   * example of each (the 5xx metric in dry-run, twenty of its measurements
   * kept), in one template `errors`.
   */
  dryRun: async () => {
    const dry = await argoSnippet(ANALYSIS, v => Array.isArray(v.dryRun));
    const kept = await argoSnippet(ANALYSIS, v =>
      Array.isArray(v.measurementRetention),
    );
    return templateOf('errors', {
      args: [{ name: 'service-name' }],
      dryRun: dry.dryRun,
      measurementRetention: kept.measurementRetention,
      metrics: dry.metrics,
    });
  },
};
