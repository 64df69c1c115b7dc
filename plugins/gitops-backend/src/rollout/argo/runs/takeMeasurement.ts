import { answerOutcome, measurementRequest, secretValues } from '../analysis';
import type {
  AnalysisRunState,
  ArgValues,
  MeasurementOutcome,
} from '../analysis';
import { keptOutcome, maskAll } from './keptOutcome';
import { sendMeasurement, shownUrl } from './sendMeasurement';
import type { SendOptions } from './sendMeasurement';

const MASK = '*****';

/**
 * The URL messages show: the metric's URL built with every Secret value
 * replaced by `*****`, without its query. Built apart rather than masked
 * after, since URL syntax can split a substituted value (a `?` or `#` in it
 * starts the query), leaving parts no mask of the whole value finds.
 */
function maskedUrl(
  run: AnalysisRunState,
  metric: string,
  secrets: ArgValues,
  options: { now: number; defaultPrometheusAddress?: string },
): string {
  const masked = Object.fromEntries(Object.keys(secrets).map(k => [k, MASK]));
  const request = measurementRequest(run, metric, {
    ...options,
    secrets: masked,
  });
  return request.error === undefined
    ? shownUrl(request.request.url)
    : "(the metric's URL)";
}

/**
 * One measurement of a due metric: its request built with the run's
 * arguments and Secret values (`secrets`, from `readSecretArgs`), sent
 * through the outbound guard, its answer turned into an outcome for
 * `recordMeasurements`. Whatever goes wrong is the outcome's error, Secret
 * values masked; rejects only when `options.signal` aborts.
 */
export async function takeMeasurement(
  run: AnalysisRunState,
  metric: string,
  secrets: ArgValues,
  options: SendOptions & { now(): number },
): Promise<MeasurementOutcome & { startedAt: number }> {
  const startedAt = options.now();
  const hidden = secretValues(run.spec.args, secrets);
  const request = measurementRequest(run, metric, {
    now: startedAt,
    secrets,
    defaultPrometheusAddress: options.defaultPrometheusAddress,
  });
  if (request.error !== undefined)
    return { error: maskAll(request.error, hidden), startedAt };
  const shown = maskedUrl(run, metric, secrets, {
    now: startedAt,
    defaultPrometheusAddress: options.defaultPrometheusAddress,
  });
  const sent = await sendMeasurement({ request, shownUrl: shown }, options);
  if (sent.error !== undefined)
    return { error: maskAll(sent.error, hidden), startedAt };
  const outcome = answerOutcome(run, metric, sent.answer, { secrets });
  return {
    ...keptOutcome(outcome, request.provider, sent.answer, hidden),
    startedAt,
  };
}
