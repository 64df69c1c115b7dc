import type { HttpMatch, StringMatch } from '@slipway/plugin-gitops-node';

/** Gateway API's default match: every path. */
export const ALL_PATHS = { path: { type: 'PathPrefix', value: '/' } };

const escapeRegex = (text: string) =>
  text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * An Istio string match as a Gateway API value match: Gateway API has no
 * prefix or suffix matches for headers and query parameters, so those
 * become anchored regular expressions.
 */
function valueMatch(
  match: StringMatch,
): { type: string; value: string } | undefined {
  if (match.exact !== undefined) return { type: 'Exact', value: match.exact };
  if (match.regex !== undefined)
    return { type: 'RegularExpression', value: match.regex };
  if (match.prefix !== undefined) {
    return {
      type: 'RegularExpression',
      value: `^${escapeRegex(match.prefix)}.*`,
    };
  }
  if (match.suffix !== undefined) {
    return {
      type: 'RegularExpression',
      value: `.*${escapeRegex(match.suffix)}$`,
    };
  }
  return undefined;
}

function pathMatch(uri: StringMatch | undefined) {
  if (uri?.prefix !== undefined)
    return { type: 'PathPrefix', value: uri.prefix };
  return uri ? valueMatch(uri) : undefined;
}

const namedMatches = (record: Record<string, StringMatch> | undefined) => {
  const matches = Object.entries(record ?? {}).flatMap(([name, match]) => {
    const value = valueMatch(match);
    return value ? [{ name, ...value }] : [];
  });
  return matches.length > 0 ? matches : undefined;
};

/** Istio HTTPMatchRequests (Flagger's `match`) as Gateway API HTTPRouteMatches. */
export function toGatewayMatches(matches: HttpMatch[]): object[] {
  if (matches.length === 0) return [ALL_PATHS];
  return matches.map(match => ({
    path: pathMatch(match.uri) ?? ALL_PATHS.path,
    headers: namedMatches(match.headers),
    queryParams: namedMatches(match.queryParams),
    method: match.method?.exact,
  }));
}
