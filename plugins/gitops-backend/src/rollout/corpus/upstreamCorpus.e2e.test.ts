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
// checks the upstream controller makes too, and name the field of every
// refusal. See docs/rollout-engine.md#the-upstream-corpus-test.

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

  it(`Flagger ${UPSTREAM_SOURCES.flagger.version}: Slipway accepts exactly what the CRDs accept, plus Flagger's own semantic checks, and names the field of every refusal`, async () => {
    const { judged, extracted, title } = await judge(FLAGGER_CORPUS);
    console.log(corpusSummary(title, judged, extracted.skipped));
    if (process.env.SLIPWAY_CORPUS_VERBOSE) console.log(refusalTable(judged));

    // Guards against an extractor that silently finds nothing.
    const count = (kind: string) =>
      judged.filter(j => j.document.kind === kind).length;
    expect(count('Canary')).toBeGreaterThanOrEqual(60);
    expect(count('MetricTemplate')).toBeGreaterThanOrEqual(20);
    expect(count('AlertProvider')).toBeGreaterThanOrEqual(1);

    const mismatches = findMismatches(judged, FLAGGER_CORPUS.semanticRefusals);
    if (mismatches.length > 0) {
      throw new Error(
        `${
          mismatches.length
        } documents where Slipway and the CRD schema disagree:\n${mismatchTable(
          mismatches,
        )}`,
      );
    }
    console.log(
      `documents the schema accepts and Slipway refuses, per semantic check:\n${semanticRefusalUse(
        judged,
        FLAGGER_CORPUS.semanticRefusals,
      )}`,
    );
  });

  it(`Argo Rollouts ${UPSTREAM_SOURCES.argoRollouts.version}: every document gets the CRD schema's verdict (Slipway does not read these kinds yet)`, async () => {
    const { judged, extracted, title } = await judge(ARGO_ROLLOUTS_CORPUS);
    console.log(corpusSummary(title, judged, extracted.skipped));
    if (process.env.SLIPWAY_CORPUS_VERBOSE) console.log(refusalTable(judged));

    const count = (kind: string) =>
      judged.filter(j => j.document.kind === kind).length;
    expect(count('Rollout')).toBeGreaterThanOrEqual(100);
    expect(count('AnalysisTemplate')).toBeGreaterThanOrEqual(20);
    expect(count('ClusterAnalysisTemplate')).toBeGreaterThanOrEqual(1);
    // A verdict for every document: accepted, or refused with the server's reason.
    for (const { schema } of judged) {
      expect(schema.accepted || schema.message.length > 0).toBe(true);
    }
    expect(judged.filter(j => j.schema.accepted).length).toBeGreaterThan(0);
    // Once a kind has its parser, the same comparison as Flagger's applies.
    const mismatches = findMismatches(
      judged,
      ARGO_ROLLOUTS_CORPUS.semanticRefusals,
    );
    if (mismatches.length > 0) {
      throw new Error(mismatchTable(mismatches));
    }
  });
});
