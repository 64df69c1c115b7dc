import type { IncomingHttpHeaders } from 'node:http';
import { startLoopbackServer } from '@internal/test-env/src/loopbackServer';

export interface SeenRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status?: number;
  body: string;
  contentType?: string;
}

export interface MetricServer {
  url: string;
  /** Every request that reached the server, in order of arrival. */
  seen: SeenRequest[];
  close(): Promise<void>;
}

/** A JSON answer. */
export const json = (value: unknown, status = 200): Answer => ({
  status,
  body: JSON.stringify(value),
  contentType: 'application/json',
});

/**
 * A loopback server answering each request with what `answer` gives (or
 * resolves to: a promise that never settles is a server that never
 * answers), recording what it received.
 */
export async function startMetricServer(
  answer: (request: SeenRequest) => Answer | Promise<Answer>,
): Promise<MetricServer> {
  const seen: SeenRequest[] = [];
  const server = await startLoopbackServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request: SeenRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    seen.push(request);
    const { status = 200, body, contentType } = await answer(request);
    res.writeHead(status, contentType ? { 'Content-Type': contentType } : {});
    res.end(body);
  });
  return {
    url: server.url,
    seen,
    close: server.close,
  };
}
