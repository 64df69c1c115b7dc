import {
  outboundRequest,
  OutboundPolicy,
  OutboundResponse,
} from '../../outbound';

export interface PostJsonOptions {
  timeoutMs: number;
  /** Where the call may go: the project's outboundHosts, never a link-local or metadata address. */
  policy: OutboundPolicy;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Skip certificate verification, for this request only. */
  insecure?: boolean;
  /** `http://host:port` of a forward proxy (CONNECT for https targets). */
  proxy?: string;
}

export type PostJsonResponse = OutboundResponse;

/** POSTs a JSON document through the outbound guard (see `outboundRequest`). */
export async function postJson(
  url: string,
  payload: unknown,
  options: PostJsonOptions,
): Promise<PostJsonResponse> {
  const { headers, ...rest } = options;
  return outboundRequest(url, {
    ...rest,
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: Buffer.from(JSON.stringify(payload)),
  });
}
