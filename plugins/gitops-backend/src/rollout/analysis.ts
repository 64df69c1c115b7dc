import type { LookupFunction } from 'node:net';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  AlertProvider,
  MetricProvider,
  RolloutAlert,
} from '@slipway/plugin-gitops-node';
import { operatorOutboundPolicy, projectOutboundPolicy } from '../outbound';
import {
  builtinAlertProviders,
  dispatchAlert,
  parseAlertProvider,
} from './alerts';
import type { AlertProviderSpec, InvalidAlertProvider } from './alerts';
import type {
  ActiveRollout,
  CheckOutcome,
  RolloutAnalysis,
} from './engine/ports';
import { builtinMetricProviders, runMetricChecks } from './metrics';
import type { InvalidMetricTemplate } from './metrics';
import { formatDuration, parseMetricTemplate } from './spec';
import type { MetricTemplateSpec, RolloutSpec } from './spec';
import { eventPayload, runWebhooks } from './webhooks';
import { secretReader } from './secrets/secretReader';

export interface RolloutAnalysisOptions {
  /** Added to (and overriding) the builtin providers by type. */
  metricProviders?: MetricProvider[];
  alertProviders?: AlertProvider[];
  /** Prometheus of specs and templates that name no address. */
  defaultMetricsServer?: string;
  /** Name resolution for outbound calls; `dns.lookup` when absent (tests give a hosts-style one). */
  outboundLookup?: LookupFunction;
  logger: LoggerService;
}

interface Documents {
  templates: MetricTemplateSpec[];
  alertProviders: AlertProviderSpec[];
  /** Kept with their errors, so what names them says why it cannot use them. */
  invalidTemplates: InvalidMetricTemplate[];
  invalidAlertProviders: InvalidAlertProvider[];
}

/**
 * Binds the state machine to metrics (Prometheus and extension providers),
 * webhooks and alerts. Secrets named by templates and alert providers are
 * read from the rollout's own cluster and namespace, as its project's
 * ServiceAccount; every call out goes only to the project's outboundHosts
 * (the configured metrics server excepted) and never to a link-local or
 * metadata address.
 */
export function createRolloutAnalysis(
  options: RolloutAnalysisOptions,
): RolloutAnalysis {
  const metricProviders = byType([
    ...builtinMetricProviders(),
    ...(options.metricProviders ?? []),
  ]);
  const alertProviders = byType([
    ...builtinAlertProviders(),
    ...(options.alertProviders ?? []),
  ]);
  const parsed = new WeakMap<unknown[], Documents>();
  const operatorPolicy = operatorOutboundPolicy(options.outboundLookup);
  const policyOf = (rollout: ActiveRollout) =>
    projectOutboundPolicy(rollout.project, options.outboundLookup);
  const documentsOf = (rollout: ActiveRollout): Documents => {
    let docs = parsed.get(rollout.documents);
    if (!docs) {
      docs = parseDocuments(rollout.documents, [...alertProviders.keys()]);
      parsed.set(rollout.documents, docs);
    }
    return docs;
  };

  return {
    async metrics(rollout, signal, only) {
      const { spec, namespace, cluster } = rollout.target;
      const result = await runMetricChecks({
        spec,
        templates: documentsOf(rollout).templates,
        invalidTemplates: documentsOf(rollout).invalidTemplates,
        providers: type => metricProviders.get(type),
        defaultMetricsServer: options.defaultMetricsServer,
        readSecret: secretReader(cluster),
        projectPolicy: policyOf(rollout),
        operatorPolicy,
        target: { name: spec.targetRef.name, namespace },
        signal,
        only,
      });
      return {
        passed: result.passed,
        inconclusive: result.inconclusive,
        message: result.message,
        failed: result.failed,
        checks: result.results.map(r => ({
          kind: 'metric' as const,
          name: r.name,
          value: r.value,
          min: r.min,
          max: r.max,
          passed: r.passed,
          message: r.message,
          durationMs: r.durationMs,
        })),
      };
    },

    async hooks(rollout, type, phase, checksum, signal): Promise<CheckOutcome> {
      const { spec, namespace } = rollout.target;
      const result = await runWebhooks(
        spec,
        type,
        { name: spec.source.name, namespace, phase, checksum },
        policyOf(rollout),
        signal,
      );
      return {
        passed: result.passed,
        failed: result.failed,
        message: result.message,
        checks: result.results.map(r => ({
          kind: 'webhook' as const,
          name: r.name,
          hookType: type,
          status: r.status,
          passed: r.passed,
          message: r.message,
          durationMs: r.durationMs,
        })),
      };
    },

    async alert(rollout, severity, message) {
      const { spec, namespace, cluster } = rollout.target;
      const alert: RolloutAlert = {
        severity,
        target: `${spec.targetRef.name}.${namespace}`,
        cluster: cluster.name,
        message,
        fields: alertFieldsOf(spec, namespace),
      };
      const deliveries = await dispatchAlert({
        alert,
        alertSpecs: spec.analysis.alerts,
        providerDocs: documentsOf(rollout).alertProviders,
        invalidProviders: documentsOf(rollout).invalidAlertProviders,
        providers: type => alertProviders.get(type),
        readSecret: secretReader(cluster),
        namespace,
        policy: policyOf(rollout),
      });
      for (const failed of deliveries.filter(d => !d.ok)) {
        options.logger.warn(
          `Alert ${failed.name} for ${alert.target} not delivered: ${failed.error}`,
        );
      }
      return deliveries
        .filter(d => d.misconfigured)
        .map(d => `Alert ${d.name} not sent: ${d.error}`);
    },

    async event(rollout, message, type, phase) {
      const { spec, namespace } = rollout.target;
      if (!spec.analysis.webhooks.some(h => h.type === 'event')) return;
      const result = await runWebhooks(
        spec,
        'event',
        {
          name: spec.source.name,
          namespace,
          phase,
          checksum: '',
          metadata: eventPayload(message, type, new Date()),
        },
        policyOf(rollout),
      ).catch(error => ({ passed: false, message: String(error) }));
      if (!result.passed)
        options.logger.warn(
          `Event webhook of ${spec.source.name}.${namespace} failed: ${result.message}`,
        );
    },
  };
}

function byType<T extends { type: string }>(items: T[]): Map<string, T> {
  return new Map(items.map(item => [item.type, item]));
}

function parseDocuments(documents: unknown[], alertTypes: string[]): Documents {
  const docs: Documents = {
    templates: [],
    alertProviders: [],
    invalidTemplates: [],
    invalidAlertProviders: [],
  };
  for (const doc of documents) {
    const kind = (doc as { kind?: string }).kind;
    if (kind === 'MetricTemplate') {
      const { template, errors } = parseMetricTemplate(doc);
      if (template) docs.templates.push(template);
      else docs.invalidTemplates.push({ ...identityOf(doc), errors });
    } else if (kind === 'AlertProvider') {
      const { spec, errors } = parseAlertProvider(doc, alertTypes);
      if (spec) docs.alertProviders.push(spec);
      else docs.invalidAlertProviders.push({ ...identityOf(doc), errors });
    }
  }
  return docs;
}

/** Name and namespace of a document that did not parse, as far as it has them. */
function identityOf(doc: unknown): { name: string; namespace?: string } {
  const metadata = (doc as { metadata?: Record<string, unknown> }).metadata;
  const name = metadata?.name;
  const namespace = metadata?.namespace;
  return {
    name: typeof name === 'string' ? name : '',
    namespace: typeof namespace === 'string' ? namespace : undefined,
  };
}

/** A Secret's data, decoded; undefined when it does not exist. */
/** The fields Flagger puts under a rollout alert. */
function alertFieldsOf(spec: RolloutSpec, namespace: string) {
  const { analysis } = spec;
  let routing: string;
  if (spec.strategy === 'abTesting') routing = 'A/B Testing';
  else if (spec.strategy === 'blueGreen' || spec.strategy === 'mirroring')
    routing = 'Blue/Green';
  else if (analysis.stepWeights.length)
    routing = `Weight steps: ${analysis.stepWeights.join(',')} max: ${
      analysis.maxWeight
    }`;
  else
    routing = `Weight step: ${analysis.stepWeight} max: ${analysis.maxWeight}`;
  return [
    {
      title: 'Target',
      value: `${spec.targetRef.kind}/${spec.targetRef.name}.${namespace}`,
    },
    { title: 'Failed checks threshold', value: String(analysis.threshold) },
    {
      title: 'Progress deadline',
      value: formatDuration(spec.progressDeadlineSeconds * 1000),
    },
    { title: 'Traffic routing', value: routing },
  ];
}
