import type { UpstreamName } from '@internal/test-env';
import { parseAlertProvider } from '../../alerts/parseAlertProvider';
import { parseAnalysisTemplate } from '../../argo/analysis';
import { parseArgoRollout } from '../../argo/spec';
import { parseMetricTemplate, parseRolloutDocument } from '../../spec';
import type { Provider } from '../../spec';
import type { ParserVerdict, SemanticRefusal } from './compareVerdicts';
import { flaggerMeshProvider } from './flaggerMeshProvider';
import { FLAGGER_SEMANTIC_REFUSALS } from './flaggerSemanticRefusals';
import { ARGO_SEMANTIC_REFUSALS } from './argoSemanticRefusals';

/** Where a document comes from: the upstream tree and the file inside it. */
export interface DocumentOrigin {
  root: string;
  source: string;
}

/** A kind of an upstream project the corpus collects. */
export interface CorpusKind {
  group: string;
  kind: string;
  /**
   * Slipway's parser for the kind. Left out while Slipway does not read the
   * kind yet: its documents then get a schema verdict only, never a made-up
   * parser verdict.
   */
  parse?: (doc: unknown, origin: DocumentOrigin) => ParserVerdict;
}

/** One upstream project: where its CRDs are and which kinds to collect. */
export interface UpstreamCorpus {
  upstream: UpstreamName;
  /** CRD files inside the module, installed as released. */
  crdFiles: string[];
  kinds: CorpusKind[];
  /**
   * Refusals of documents the schema accepts: checks the upstream
   * controller makes too and, for Argo Rollouts, the features Slipway does
   * not run.
   */
  semanticRefusals: SemanticRefusal[];
}

const verdict = (errors: string[]): ParserVerdict => ({
  accepted: errors.length === 0,
  messages: errors,
});

export const FLAGGER_CORPUS: UpstreamCorpus = {
  upstream: 'flagger',
  // The same file as charts/flagger/crds/crd.yaml and kustomize/base/flagger/crd.yaml.
  crdFiles: ['artifacts/flagger/crd.yaml'],
  kinds: [
    {
      group: 'flagger.app',
      kind: 'Canary',
      // With the mesh provider Flagger runs with where the document was
      // written, as a Canary without spec.provider takes Flagger's.
      parse: (doc, { root, source }) =>
        verdict(
          parseRolloutDocument(doc, {
            defaultProvider: flaggerMeshProvider(root, source) as
              | Provider
              | undefined,
          }).errors,
        ),
    },
    {
      group: 'flagger.app',
      kind: 'MetricTemplate',
      parse: doc => verdict(parseMetricTemplate(doc).errors),
    },
    {
      group: 'flagger.app',
      kind: 'AlertProvider',
      parse: doc => verdict(parseAlertProvider(doc).errors),
    },
  ],
  semanticRefusals: FLAGGER_SEMANTIC_REFUSALS,
};

export const ARGO_ROLLOUTS_CORPUS: UpstreamCorpus = {
  upstream: 'argoRollouts',
  crdFiles: [
    'manifests/crds/rollout-crd.yaml',
    'manifests/crds/analysis-template-crd.yaml',
    'manifests/crds/cluster-analysis-template-crd.yaml',
  ],
  kinds: [
    {
      group: 'argoproj.io',
      kind: 'Rollout',
      parse: doc => verdict(parseArgoRollout(doc).errors),
    },
    {
      group: 'argoproj.io',
      kind: 'AnalysisTemplate',
      parse: doc => verdict(parseAnalysisTemplate(doc).errors),
    },
    {
      group: 'argoproj.io',
      kind: 'ClusterAnalysisTemplate',
      parse: doc => verdict(parseAnalysisTemplate(doc).errors),
    },
  ],
  semanticRefusals: ARGO_SEMANTIC_REFUSALS,
};
