import type {
  GitHttpRequest,
  GitHttpResponse,
  HttpClient,
} from 'isomorphic-git';
import nodeHttp from 'isomorphic-git/http/node';
import { GitSourceError, maskUrl } from './errors';
import { PackScanner } from './limits/PackScanner';
import { PktLineScanner } from './limits/PktLineScanner';

/**
 * Deadline and size caps of `createCappedHttpClient`.
 *
 * @public
 */
export interface CappedHttpClientOptions {
  /** Whole request (headers and body) must finish within this; default 60 s. */
  timeoutMs?: number;
  /**
   * Cap on one response body, so on a fetched pack. isomorphic-git buffers
   * a whole packfile in one Buffer, so an unbounded pack is an out-of-memory
   * risk; default 256 MiB.
   */
  maxResponseBytes?: number;
  /** Inflated size of any one object in a fetched pack (deltas: what they build); default 64 MiB. */
  maxObjectBytes?: number;
  /** Objects in one fetched pack; default 500,000. */
  maxPackObjects?: number;
  /** Refs one listing (info/refs or ls-refs) may advertise; default 20,000. */
  maxRefs?: number;
  /** Bytes of one ref listing; default 4 MiB. */
  maxRefListingBytes?: number;
  /** The client doing the actual request; isomorphic-git's Node client by default. */
  inner?: HttpClient;
}

export const DEFAULT_GIT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024 * 1024;
export const DEFAULT_MAX_OBJECT_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_PACK_OBJECTS = 500_000;
export const DEFAULT_MAX_REFS = 20_000;
export const DEFAULT_MAX_REF_LISTING_BYTES = 4 * 1024 * 1024;

/** The repository a smart-HTTP request is for, credentials masked. */
function repositoryOf(url: string): string {
  const parsed = new URL(url);
  parsed.search = '';
  return maskUrl(
    parsed
      .toString()
      .replace(/\/(info\/refs|git-upload-pack|git-receive-pack)$/, ''),
  );
}

/**
 * Checks a response's content as it streams: ref listings by count and
 * bytes, fetched packs object by object (see PackScanner).
 */
function contentChecker(
  url: string,
  caps: {
    maxRefs: number;
    maxRefListingBytes: number;
    maxObjectBytes: number;
    maxPackObjects: number;
  },
): ((chunk: Uint8Array) => void) | undefined {
  const path = new URL(url).pathname;
  const listing = path.endsWith('/info/refs');
  if (!listing && !path.endsWith('/git-upload-pack')) return undefined;
  const repo = repositoryOf(url);
  let refs = 0;
  let listingBytes = 0;
  const countListing = (bytes: number, lines: number) => {
    refs += lines;
    listingBytes += bytes;
    if (refs > caps.maxRefs) {
      throw new GitSourceError(
        'too-large',
        `Git repository ${repo} advertises more than ${caps.maxRefs} refs, over the cap`,
      );
    }
    if (listingBytes > caps.maxRefListingBytes) {
      throw new GitSourceError(
        'too-large',
        `Ref listing of git repository ${repo} exceeds the ${caps.maxRefListingBytes}-byte cap`,
      );
    }
  };
  let pack: PackScanner | undefined;
  const lines = new PktLineScanner({
    onText: bytes => countListing(bytes, 1),
    onRaw: bytes => countListing(bytes, 0),
    onBand(band, payload) {
      if (band !== 1) return;
      pack ??= new PackScanner(
        {
          maxObjectBytes: caps.maxObjectBytes,
          maxObjects: caps.maxPackObjects,
        },
        repo,
      );
      pack.push(payload);
    },
  });
  return chunk => lines.push(chunk);
}

/**
 * Wraps an isomorphic-git HTTP client with a deadline, a byte cap on the
 * response and checks on what it holds (ref listings, pack objects),
 * aborting the request when any is exceeded.
 *
 * @public
 */
export function createCappedHttpClient(
  options: CappedHttpClientOptions = {},
): HttpClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_GIT_TIMEOUT_MS;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const inner = options.inner ?? nodeHttp;
  const caps = {
    maxRefs: options.maxRefs ?? DEFAULT_MAX_REFS,
    maxRefListingBytes:
      options.maxRefListingBytes ?? DEFAULT_MAX_REF_LISTING_BYTES,
    maxObjectBytes: options.maxObjectBytes ?? DEFAULT_MAX_OBJECT_BYTES,
    maxPackObjects: options.maxPackObjects ?? DEFAULT_MAX_PACK_OBJECTS,
  };

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
      const check = contentChecker(request.url, caps);
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
            try {
              check?.(chunk);
            } catch (error) {
              controller.abort();
              throw error;
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

/**
 * Watches the responses of one git operation for a cap being exceeded.
 * isomorphic-git reads ref listings with a pkt-line reader that treats an
 * error from the body as the end of the listing, so a refused listing
 * would look merely short; the caller asks `failure()` afterwards instead.
 */
export function watchResponses(http: HttpClient): {
  http: HttpClient;
  failure(): GitSourceError | undefined;
} {
  let failure: GitSourceError | undefined;
  return {
    failure: () => failure,
    http: {
      async request(request) {
        const response = await http.request(request);
        const body = response.body;
        if (!body) return response;
        async function* watched(): AsyncGenerator<Uint8Array> {
          try {
            yield* body as AsyncIterable<Uint8Array>;
          } catch (error) {
            if (error instanceof GitSourceError) failure ??= error;
            throw error;
          }
        }
        return { ...response, body: watched() };
      },
    },
  };
}
