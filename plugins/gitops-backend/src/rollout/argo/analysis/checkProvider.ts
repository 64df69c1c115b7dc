import { parseGoDuration } from '../../spec/duration';
import { HTTP_TOKEN, headerProblem } from './headers';
import { hasPlaceholder } from './intOrString';
import { parseJsonPath } from './jsonPath';
import { UNSUPPORTED_PROVIDERS } from './schema';
import type { MetricInput } from './schema';
import { evaluateTimeExpression } from './timeExpression';

type Provider = MetricInput['provider'];
type Authentication = NonNullable<
  NonNullable<Provider['web']>['authentication']
>;
type Header = { key: string; value: string };

/** Collects `path: message` lines. */
export interface Findings {
  error(path: string, message: string): void;
  warn(path: string, message: string): void;
}

/** Whether a URL (with no placeholder left) is one Slipway can call. */
function httpUrlProblem(text: string): string | undefined {
  if (!URL.canParse(text)) return 'must be an absolute URL';
  const url = new URL(text);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return 'must be an http or https URL';
  if (url.host === '') return 'must name a host';
  return undefined;
}

function checkHeaders(
  headers: Header[] | undefined,
  path: string,
  found: Findings,
) {
  (headers ?? []).forEach((header, i) => {
    if (hasPlaceholder(header.key) || hasPlaceholder(header.value)) return;
    const problem = headerProblem(header);
    if (!problem) return;
    if (problem.includes('name'))
      found.error(`${path}[${i}].key`, 'must be a valid HTTP header name');
    else
      found.error(
        `${path}[${i}].value`,
        'must hold no line breaks or other control characters',
      );
  });
}

function checkAuthentication(
  auth: Authentication | undefined,
  path: string,
  found: Findings,
) {
  const { sigv4, oauth2 } = auth ?? {};
  if (sigv4 && Object.values(sigv4).some(v => v)) {
    found.error(
      `${path}.sigv4`,
      'Slipway does not sign requests with AWS SigV4 (Amazon Managed Prometheus); query a Prometheus it can reach without signing',
    );
  }
  if (oauth2?.tokenUrl) {
    found.error(
      `${path}.oauth2`,
      'Slipway does not run the OAuth2 client-credentials flow; send a token in headers instead (from a Secret argument)',
    );
  } else if (oauth2 && Object.values(oauth2).some(v => v && v.length !== 0)) {
    found.warn(
      `${path}.oauth2`,
      'ignored without tokenUrl, as Argo Rollouts ignores it',
    );
  }
}

function checkPrometheus(
  prometheus: NonNullable<Provider['prometheus']>,
  path: string,
  found: Findings,
) {
  if (!prometheus.query) found.error(`${path}.query`, 'required');
  const address = prometheus.address;
  if (address && !hasPlaceholder(address)) {
    const problem = httpUrlProblem(address);
    if (problem) found.error(`${path}.address`, problem);
  }
  if (prometheus.timeout !== undefined && prometheus.timeout <= 0) {
    found.error(
      `${path}.timeout`,
      'must be 1 or more: the seconds a query may take (30 when unset)',
    );
  }
  checkHeaders(prometheus.headers, `${path}.headers`, found);
  checkAuthentication(
    prometheus.authentication,
    `${path}.authentication`,
    found,
  );
  const range = prometheus.rangeQuery;
  if (!range) return;
  for (const field of ['start', 'end'] as const) {
    const text = range[field];
    if (!text) {
      found.error(`${path}.rangeQuery.${field}`, 'required, e.g. now()');
    } else if (!hasPlaceholder(text)) {
      const evaluated = evaluateTimeExpression(text, 0);
      if (evaluated.error !== undefined)
        found.error(`${path}.rangeQuery.${field}`, evaluated.error);
    }
  }
  if (!range.step) {
    found.error(`${path}.rangeQuery.step`, 'required, e.g. 1m');
  } else if (!hasPlaceholder(range.step)) {
    const ms = parseGoDuration(range.step);
    if (ms === undefined)
      found.error(
        `${path}.rangeQuery.step`,
        `invalid duration "${range.step}" (Go syntax, e.g. 30s or 1m)`,
      );
    else if (ms <= 0)
      found.error(`${path}.rangeQuery.step`, 'must be positive');
  }
}

function checkWeb(
  web: NonNullable<Provider['web']>,
  path: string,
  found: Findings,
) {
  if (!hasPlaceholder(web.url)) {
    const problem = httpUrlProblem(web.url);
    if (problem) found.error(`${path}.url`, problem);
  }
  const method = web.method || 'GET';
  if (!hasPlaceholder(method) && !HTTP_TOKEN.test(method))
    found.error(
      `${path}.method`,
      'must be an HTTP method, e.g. GET, POST or PUT',
    );
  const hasBody = web.body !== undefined && web.body !== '';
  if (hasBody && web.jsonBody !== undefined) {
    found.error(
      path,
      'set body or jsonBody, not both (Argo fails every measurement)',
    );
  } else if ((hasBody || web.jsonBody !== undefined) && method === 'GET') {
    found.error(
      `${path}.method`,
      `must be POST or PUT to send ${
        hasBody ? 'body' : 'jsonBody'
      } (Argo fails every GET with a body)`,
    );
  }
  checkHeaders(web.headers, `${path}.headers`, found);
  checkAuthentication(web.authentication, `${path}.authentication`, found);
  if (web.jsonPath && !hasPlaceholder(web.jsonPath)) {
    const parsed = parseJsonPath(web.jsonPath);
    if (parsed.error !== undefined)
      found.error(`${path}.jsonPath`, parsed.error);
  }
}

/**
 * Exactly one provider per metric (Argo's `no provider specified`,
 * `multiple providers specified`), one Slipway runs (prometheus or web,
 * the others refused by name), and its fields usable.
 */
export function checkProvider(
  provider: Provider,
  path: string,
  found: Findings,
) {
  let count = 0;
  for (const [key, display] of Object.entries(UNSUPPORTED_PROVIDERS)) {
    if (provider[key as keyof Provider] === undefined) continue;
    count++;
    found.error(
      `${path}.${key}`,
      `Slipway does not run ${display} metrics; it runs prometheus and web`,
    );
  }
  for (const plugin of Object.keys(provider.plugin ?? {})) {
    count++;
    found.error(
      `${path}.plugin.${plugin}`,
      'Slipway does not run metric plugins; it runs prometheus and web',
    );
  }
  if (provider.prometheus) {
    count++;
    checkPrometheus(provider.prometheus, `${path}.prometheus`, found);
  }
  if (provider.web) {
    count++;
    checkWeb(provider.web, `${path}.web`, found);
  }
  if (count === 0) found.error(path, 'no provider specified');
  if (count > 1) found.error(path, 'multiple providers specified');
}
