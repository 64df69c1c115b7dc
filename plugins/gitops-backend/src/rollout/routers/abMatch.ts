import type { HttpMatch, TrafficTarget } from '@slipway/plugin-gitops-node';

const lowercaseKeys = <T>(record: Record<string, T> | undefined) =>
  record &&
  Object.fromEntries(
    Object.entries(record).map(([key, value]) => [key.toLowerCase(), value]),
  );

/** HTTP header names are case-insensitive, so routers write them lowercased. */
function withLowercaseHeaders(match: HttpMatch): HttpMatch {
  return {
    ...match,
    headers: lowercaseKeys(match.headers),
    withoutHeaders: lowercaseKeys(match.withoutHeaders),
  };
}

/**
 * The requests A/B testing sends to the canary: each `analysis.match`,
 * narrowed by every `service.match` the route serves at all (one merged
 * condition per pair, as Flagger merges them).
 */
export function abTestingMatches(target: TrafficTarget): HttpMatch[] {
  const serviceMatches = target.spec.service.match;
  const canaryMatches = target.spec.analysis.match.map(withLowercaseHeaders);
  if (serviceMatches.length === 0) return canaryMatches;
  return canaryMatches.flatMap(canary =>
    serviceMatches.map(common => {
      const headers = { ...lowercaseKeys(common.headers), ...canary.headers };
      return {
        ...common,
        ...canary,
        headers: Object.keys(headers).length > 0 ? headers : undefined,
      };
    }),
  );
}
