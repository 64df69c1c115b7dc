import http from 'node:http';
import { AddressInfo } from 'node:net';

export interface LoopbackServer {
  url: string;
  /** Ends open connections too, so a test never waits on a kept-alive client. */
  close(): Promise<void>;
}

/**
 * An HTTP server on 127.0.0.1 at a free port, for the fakes of services a
 * test cannot run. A handler that throws answers 500 with the error.
 */
export async function startLoopbackServer(
  handle: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>,
): Promise<LoopbackServer> {
  const server = http.createServer((req, res) => {
    handle(req, res).catch(error => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
