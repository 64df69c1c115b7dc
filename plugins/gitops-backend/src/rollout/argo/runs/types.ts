import type { OutboundPolicy } from '../../../outbound';
import type {
  AnalysisRunState,
  MeasurementPhase,
  TemplateLookup,
} from '../analysis';

/** Data of a Secret, decoded; undefined when it does not exist. */
export type ReadSecretData = (
  namespace: string,
  name: string,
) => Promise<Record<string, string> | undefined>;

/** What starting a run needs: its templates, its Secrets, the clock. */
export interface StartArgoRunDeps {
  /**
   * The app's AnalysisTemplates and ClusterAnalysisTemplates, parsed. An
   * AnalysisTemplate declared for another namespace is not found.
   */
  templates: TemplateLookup;
  /** Reads a Secret; only ever asked for the rollout's namespace. */
  readSecret: ReadSecretData;
  /** The rollout's namespace: where its AnalysisTemplates and Secrets are. */
  namespace: string;
  /** The Rollout as a plain object, read by arguments with `valueFrom.fieldRef`. */
  rollout?: unknown;
  /** Epoch milliseconds. */
  now(): number;
  /** Aborts the work; the call then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** What running measurements needs besides that: where calls may go. */
export interface ArgoRunsDeps extends StartArgoRunDeps {
  /** Calls a template's own address or URL may make: the project's outboundHosts. */
  projectPolicy: OutboundPolicy;
  /** Calls to the operator's metrics server (`defaultPrometheusAddress`). */
  operatorPolicy: OutboundPolicy;
  /** Prometheus of metrics that name no address (the operator's metrics server). */
  defaultPrometheusAddress?: string;
  /** Measurements in flight at once, across all runs; 8 when unset. */
  maxConcurrentMeasurements?: number;
}

/** One measurement taken by `advanceArgoRuns`, as stored: Secret values masked. */
export interface TakenMeasurement {
  /** The AnalysisRun's name. */
  run: string;
  metric: string;
  phase: MeasurementPhase;
  value?: string;
  message?: string;
  /** A dry-run metric: its outcome never decides the run. */
  dryRun: boolean;
  /** Epoch milliseconds. */
  startedAt: number;
  finishedAt: number;
  /** How long the request took, by `now()`. */
  durationMs: number;
}

export interface AdvancedArgoRuns {
  /** Every run given, the advanced ones replaced; JSON-safe, no Secret values. */
  runs: Record<string, AnalysisRunState>;
  /** The measurements taken, in run then metric order. */
  taken: TakenMeasurement[];
  /** Epoch ms when the next measurement of a run still going is due; undefined when none is. */
  nextDueAt?: number;
}
