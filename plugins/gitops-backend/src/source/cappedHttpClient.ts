import type {
  GitHttpRequest,
  GitHttpResponse,
  HttpClient,
} from 'isomorphic-git';
import nodeHttp from 'isomorphic-git/http/node';
import { GitSourceError } from './errors';

export interface CappedHttpClientOptions {
  /** Whole request (headers and body) must finish within this; default 60 s. */
  timeoutMs?: number;
  /**
   * Cap on one response body. isomorphic-git buffers a whole packfile in one
   * Buffer, so an unbounded pack is an out-of-memory risk.
   */
  maxResponseBytes?: number;
  /** The client doing the actual request; isomorphic-git's Node client by default. */
  inner?: HttpClient;
}

export const DEFAULT_GIT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 512 * 1024 * 1024;

/**
 * Wraps an isomorphic-git HTTP client with a deadline and a byte cap on the
 * response, aborting the request when either is exceeded.
 */
export function createCappedHttpClient(
  options: CappedHttpClientOptions = {},
): HttpClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_GIT_TIMEOUT_MS;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const inner = options.inner ?? nodeHttp;

  return {
    async request(request: GitHttpRequest): Promise<GitHttpResponse> {
      const controller = new AbortController();
      const timer = setTimeout(
        () =>
          controller.abort(
            new DOMException('git request timed out', 'TimeoutError'),
          ),
        timeoutMs,
      );
      timer.unref?.();
      const signal = request.signal
        ? AbortSignal.any([request.signal as AbortSignal, controller.signal])
        : controller.signal;
      let response: GitHttpResponse;
      try {
        response = await inner.request({ ...request, signal });
      } catch (error) {
        clearTimeout(timer);
        throw error;
      }
      const body = response.body;
      if (!body) {
        clearTimeout(timer);
        return response;
      }
      async function* capped(): AsyncGenerator<Uint8Array> {
        let received = 0;
        try {
          for await (const chunk of body as AsyncIterable<Uint8Array>) {
            if (controller.signal.aborted) throw controller.signal.reason;
            received += chunk.byteLength;
            if (received > maxBytes) {
              controller.abort();
              throw new GitSourceError(
                'too-large',
                `Git response from ${
                  new URL(request.url).host
                } exceeds the ${maxBytes}-byte cap`,
              );
            }
            yield chunk;
          }
        } finally {
          clearTimeout(timer);
        }
      }
      return { ...response, body: capped() };
    },
  };
}
