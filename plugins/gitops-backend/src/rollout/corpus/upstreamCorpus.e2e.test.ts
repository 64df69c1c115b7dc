import { KubeConfig } from '@kubernetes/client-node';
import { fetchUpstreamSource, UPSTREAM_SOURCES } from '@internal/test-env';
import { KubeHttpClient } from '../../clusters/KubeHttpClient';
import {
  localKubeconfigPath,
  uniqueName,
} from '../../clusters/__testUtils__/localKube';
import {
  corpusSummary,
  findMismatches,
  JudgedDocument,
  mismatchTable,
  refusalTable,
  semanticRefusalUse,
} from './__testUtils__/compareVerdicts';
import { extractDocuments } from './__testUtils__/extractDocuments';
import type { ExtractedCorpus } from './__testUtils__/extractDocuments';
import { schemaVerdicts } from './__testUtils__/schemaVerdicts';
import {
  ARGO_ROLLOUTS_CORPUS,
  FLAGGER_CORPUS,
  UpstreamCorpus,
} from './__testUtils__/upstreamCorpora';
import { installUpstreamCrds } from './__testUtils__/upstreamCrds';

// A cold Go module cache downloads both modules (a few MB) first.
jest.setTimeout(5 * 60_000);

// Every Flagger and Argo Rollouts document in the projects' own docs,
// examples and tests (fetched at the pinned release through the Go module
// proxy, never copied here) goes through Slipway's parser and through the
// real CRD schema on the local API server (a server-side dry run). Slipway
// must accept exactly what the schema accepts, apart from the semantic
// checks the upstream controller makes too and, for Argo, the features
// Slipway does not run, and name the field of every refusal. See
// docs/rollout-engine.md#the-upstream-corpus-test.

describe('upstream corpus: Slipway against the real CRD schemas', () => {
  const kc = new KubeConfig();
  let client: KubeHttpClient;
  const namespace = uniqueName('corpus');

  beforeAll(async () => {
    kc.loadFromFile(localKubeconfigPath());
    client = new KubeHttpClient(kc);
    await client.request('POST', '/api/v1/namespaces', {
      body: {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace },
      },
    });
  });

  afterAll(async () => {
    await client
      .request('DELETE', `/api/v1/namespaces/${namespace}`)
      .catch(() => undefined);
    client.close();
  });

  /** Fetches the upstream, installs its CRDs, extracts its documents and judges each both ways. */
  async function judge(corpus: UpstreamCorpus): Promise<{
    judged: JudgedDocument[];
    extracted: ExtractedCorpus;
    title: string;
  }> {
    const started = Date.now();
    const source = await fetchUpstreamSource(corpus.upstream);
    const installed = await installUpstreamCrds(
      kc,
      client,
      source.dir,
      corpus.crdFiles,
    );
    const extracted = extractDocuments(source.dir, corpus.kinds);
    const schema = await schemaVerdicts(
      client,
      namespace,
      installed,
      extracted.documents,
    );
    const judged = extracted.documents.map((document, i) => {
      const kind = corpus.kinds.find(k => k.kind === document.kind)!;
      const parser = kind.parse?.(document.doc, {
        root: source.dir,
        source: document.source,
      });
      return { document, schema: schema[i], parser };
    });
    const title = `${source.module}@${source.version}: ${
      extracted.documents.length
    } documents from ${extracted.filesRead} files, judged in ${
      Date.now() - started
    } ms`;
    return { judged, extracted, title };
  }

  /**
   * Judges a corpus and prints its summary. Slipway must accept exactly
   * what the schema accepts, apart from the listed semantic refusals, and
   * name the field of every refusal; `atLeast` guards against an extractor
   * that silently finds nothing.
   */
  async function compareCorpus(
    corpus: UpstreamCorpus,
    atLeast: Record<string, number>,
  ) {
    const { judged, extracted, title } = await judge(corpus);
    console.log(corpusSummary(title, judged, extracted.skipped));
    if (process.env.SLIPWAY_CORPUS_VERBOSE) console.log(refusalTable(judged));
    const mismatches = findMismatches(judged, corpus.semanticRefusals);
    if (mismatches.length === 0) {
      console.log(
        `documents the schema accepts and Slipway refuses, per semantic check:\n${semanticRefusalUse(
          judged,
          corpus.semanticRefusals,
        )}`,
      );
    }
    return {
      tooFew: Object.entries(atLeast).filter(
        ([kind, least]) =>
          judged.filter(j => j.document.kind === kind).length < least,
      ),
      // Both corpora give every kind its parser: every document gets both verdicts.
      unparsed: judged.filter(j => !j.parser).map(j => j.document.kind),
      mismatches:
        mismatches.length === 0
          ? ''
          : `${
              mismatches.length
            } documents where Slipway and the CRD schema disagree:\n${mismatchTable(
              mismatches,
            )}`,
    };
  }

  it(`Flagger ${UPSTREAM_SOURCES.flagger.version}: Slipway accepts exactly what the CRDs accept, plus Flagger's own semantic checks, and names the field of every refusal`, async () => {
    const { tooFew, unparsed, mismatches } = await compareCorpus(
      FLAGGER_CORPUS,
      { Canary: 60, MetricTemplate: 20, AlertProvider: 1 },
    );
    expect(tooFew).toEqual([]);
    expect(unparsed).toEqual([]);
    expect(mismatches).toBe('');
  });

  it(`Argo Rollouts ${UPSTREAM_SOURCES.argoRollouts.version}: Slipway accepts exactly what the CRDs accept, plus Argo's own semantic checks and the features Slipway does not run, and names the field of every refusal`, async () => {
    const { tooFew, unparsed, mismatches } = await compareCorpus(
      ARGO_ROLLOUTS_CORPUS,
      { Rollout: 100, AnalysisTemplate: 20, ClusterAnalysisTemplate: 1 },
    );
    expect(tooFew).toEqual([]);
    expect(unparsed).toEqual([]);
    expect(mismatches).toBe('');
  });
});
