import {
  operatorOutboundPolicy,
  projectOutboundPolicy,
} from '../../../../outbound';
import { testProject } from '../../../../__testUtils__/testProject';
import { parseAnalysisTemplate } from '../../analysis';
import type { AnalysisTemplateSpec, TemplateLookup } from '../../analysis';
import type {
  ArgoAnalysisRunKind,
  ArgoAnalysisRunToStart,
} from '../../controller';
import type { AnalysisArg } from '../../spec/types';
import type { ArgoRunsDeps } from '../types';

export const T0 = Date.UTC(2025, 0, 1);

/** A clock the test moves. */
export function manualClock(start = T0) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
    set(at: number) {
      now = at;
    },
  };
}

/** An AnalysisTemplate (or ClusterAnalysisTemplate) document, parsed; throws on errors. */
export function template(
  name: string,
  spec: Record<string, unknown>,
  options: { kind?: string; namespace?: string } = {},
): AnalysisTemplateSpec {
  const parsed = parseAnalysisTemplate({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: options.kind ?? 'AnalysisTemplate',
    metadata: {
      name,
      ...(options.namespace ? { namespace: options.namespace } : {}),
    },
    spec,
  });
  if (!parsed.template)
    throw new Error(`template ${name}: ${parsed.errors.join('; ')}`);
  return parsed.template;
}

/** Finds templates by kind and name, as the app's documents would. */
export function lookupOf(...templates: AnalysisTemplateSpec[]): TemplateLookup {
  return ref =>
    templates.find(
      t =>
        t.name === ref.templateName &&
        (t.kind === 'ClusterAnalysisTemplate') === ref.clusterScope,
    );
}

/** The controller's request for a run of the named templates. */
export function toStart(
  name: string,
  templates: string[],
  options: {
    args?: AnalysisArg[];
    kind?: ArgoAnalysisRunKind;
    dryRun?: { metricName: string }[];
    clusterScope?: boolean;
  } = {},
): ArgoAnalysisRunToStart {
  const kind = options.kind ?? 'background';
  return {
    name,
    kind,
    ...(kind === 'step' ? { stepIndex: 0 } : {}),
    analysis: {
      templates: templates.map(templateName => ({
        templateName,
        clusterScope: options.clusterScope ?? false,
      })),
      args: options.args ?? [],
      dryRun: options.dryRun ?? [],
      measurementRetention: [],
      analysisRunMetadata: { labels: {}, annotations: {} },
    },
    podTemplateHash: '6d4f8c9b7',
    stablePodTemplateHash: '5b8c7d6f4',
    revision: 2,
    labels: {},
  };
}

/** Deps for the app `shop` in namespace `shop`, whose project may call loopback servers. */
export function testDeps(overrides: Partial<ArgoRunsDeps> = {}): ArgoRunsDeps {
  return {
    templates: () => undefined,
    readSecret: async () => undefined,
    namespace: 'shop',
    projectPolicy: projectOutboundPolicy(testProject({ name: 'shop' })),
    operatorPolicy: operatorOutboundPolicy(),
    now: () => T0,
    ...overrides,
  };
}

/** What the database gives back between ticks. */
export const stored = <T>(value: T): T => JSON.parse(JSON.stringify(value));
