import { randomBytes } from 'node:crypto';
import type {
  SessionAffinitySpec,
  TrafficWeights,
} from '@slipway/plugin-gitops-node';

/**
 * Session-affinity cookies (`name=value`) a routing object carries: the one
 * the canary hands out while it gets traffic, or the one being expired once
 * it gets none. The routing object is where they live between ticks, so a
 * run keeps one cookie value from start to end
 * (docs/rollout-engine.md#session-affinity).
 */
export interface AffinityCookies {
  canary?: string;
  expiring?: string;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

function randomLetters(count: number): string {
  return [...randomBytes(count)]
    .map(byte => LETTERS[byte % LETTERS.length])
    .join('');
}

/** The cookies to write for new weights, given those the object carries now. */
export function nextAffinityCookies(
  spec: SessionAffinitySpec,
  weights: TrafficWeights,
  live: AffinityCookies,
): AffinityCookies {
  if (weights.canary > 0) {
    return { canary: live.canary ?? `${spec.cookieName}=${randomLetters(10)}` };
  }
  const expiring = live.canary ?? live.expiring;
  return expiring ? { expiring } : {};
}

/** A `Set-Cookie` value; `maxAge` -1 expires the cookie at once. */
export function setCookie(
  cookie: string,
  spec: SessionAffinitySpec,
  maxAge: number,
): string {
  const parts = [cookie, `Max-Age=${maxAge}`];
  if (spec.domain) parts.push(`Domain=${spec.domain}`);
  if (spec.path) parts.push(`Path=${spec.path}`);
  if (spec.secure) parts.push('Secure');
  if (spec.httpOnly) parts.push('HttpOnly');
  if (spec.sameSite) parts.push(`SameSite=${spec.sameSite}`);
  return parts.join('; ');
}

/** Reads a `Set-Cookie` value back: its `name=value`, and whether it expires the cookie. */
function parseSetCookie(
  value: unknown,
): { cookie: string; expires: boolean } | undefined {
  if (typeof value !== 'string' || !value.includes('=')) return undefined;
  return {
    cookie: value.split(';')[0].trim(),
    expires: /;\s*Max-Age=-1\b/i.test(value),
  };
}

/**
 * The cookies a live routing object carries, from the `Set-Cookie` values it
 * hands out per backend: the canary's own, or the one the primary expires.
 */
export function affinityCookiesOf(
  handedOut: { backend: string; setCookie: unknown }[],
  backends: { primary: string; canary: string },
): AffinityCookies {
  const cookies: AffinityCookies = {};
  for (const { backend, setCookie: value } of handedOut) {
    const parsed = parseSetCookie(value);
    if (parsed && backend === backends.canary && !parsed.expires)
      cookies.canary = parsed.cookie;
    if (parsed && backend === backends.primary && parsed.expires)
      cookies.expiring = parsed.cookie;
  }
  return cookies;
}

const escapeRegex = (text: string) =>
  text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The `Cookie` header regex that keeps a client holding `cookie` on the canary. */
export function cookieRegex(cookie: string): string {
  const [name, value] = cookie.split('=');
  return `.*${escapeRegex(name)}.*${escapeRegex(value)}.*`;
}
