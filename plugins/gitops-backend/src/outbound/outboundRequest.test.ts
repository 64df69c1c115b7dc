import type { LookupAddress } from 'node:dns';
import http from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { testProject } from '../__testUtils__/testProject';
import { outboundRequest, OutboundRequestOptions } from './outboundRequest';
import {
  operatorOutboundPolicy,
  projectOutboundPolicy,
} from './OutboundPolicy';
import { OutboundRefusedError } from './OutboundRefusedError';

/**
 * A hosts file for tests: names answer with the addresses given, so a test
 * can point a name at a metadata or link-local address it cannot serve. The
 * guard hands this resolver to the socket, which calls it at connect time,
 * exactly where `dns.lookup` would run in production. Each call takes the
 * next answer of a name (the last one repeats), to play a rebinding DNS server.
 */
function hosts(table: Record<string, string[][]>) {
  const calls: string[] = [];
  const lookup: LookupFunction = (hostname, options, callback) => {
    calls.push(hostname);
    const answers = table[hostname];
    if (!answers) {
      callback(
        Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
          code: 'ENOTFOUND',
        }),
        '',
        0,
      );
      return;
    }
    const answer =
      answers[
        Math.min(
          calls.filter(c => c === hostname).length - 1,
          answers.length - 1,
        )
      ];
    const addresses: LookupAddress[] = answer.map(address => ({
      address,
      family: address.includes(':') ? 6 : 4,
    }));
    if (options.all) callback(null, addresses as never);
    else callback(null, addresses[0].address, addresses[0].family);
  };
  return { lookup, calls };
}

describe('outboundRequest', () => {
  let server: http.Server;
  let port: number;
  const seen: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.headers.host}${req.url}`);
      // Connections are kept alive; this one must not be, so the next
      // request connects (and resolves) again.
      if (req.url === '/first') res.setHeader('Connection', 'close');
      if (req.url === '/fail') {
        res.writeHead(500, 'Token abc123 is invalid', {
          'Content-Type': 'text/plain',
        });
        res.end('secret-looking body');
        return;
      }
      res.end('ok');
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  beforeEach(() => {
    seen.length = 0;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  });

  const get = (url: string, options: Partial<OutboundRequestOptions> = {}) =>
    outboundRequest(url, {
      method: 'GET',
      timeoutMs: 5_000,
      policy: projectOutboundPolicy(testProject()),
      ...options,
    });

  it('calls a host on the project outboundHosts', async () => {
    const response = await get(`http://127.0.0.1:${port}/hook`);
    expect(response).toMatchObject({
      status: 200,
      statusLine: 'HTTP 200 OK',
      body: 'ok',
    });
    expect(seen).toEqual([`GET 127.0.0.1:${port}/hook`]);
  });

  it("gives Node's reason for the status, never the server's", async () => {
    const response = await get(`http://127.0.0.1:${port}/fail`);
    expect(response.statusLine).toBe('HTTP 500 Internal Server Error');
  });

  it('refuses a host outside outboundHosts before connecting: the server sees nothing', async () => {
    const policy = projectOutboundPolicy(
      testProject({ name: 'team-a', outboundHosts: ['hooks.example.com'] }),
    );
    const url = `http://127.0.0.1:${port}/hook`;
    await expect(get(url, { policy })).rejects.toThrow(
      new OutboundRefusedError(
        `GET ${url} refused: URL host 127.0.0.1:${port} is not in the outboundHosts of project 'team-a'`,
      ),
    );
    // The host is allowed, the port is not.
    const onePort = projectOutboundPolicy(
      testProject({ outboundHosts: ['127.0.0.1:1'] }),
    );
    await expect(get(url, { policy: onePort })).rejects.toThrow(
      /is not in the outboundHosts of project 'test'/,
    );
    expect(seen).toEqual([]);
  });

  it('refuses a proxy outside outboundHosts: neither the proxy nor the target sees anything', async () => {
    const policy = projectOutboundPolicy(
      testProject({ outboundHosts: [`127.0.0.1:${port}`] }),
    );
    await expect(
      get(`http://127.0.0.1:${port}/hook`, {
        policy,
        proxy: 'http://localhost:3128',
      }),
    ).rejects.toThrow(
      /refused: proxy host localhost:3128 is not in the outboundHosts of project 'test'/,
    );
    expect(seen).toEqual([]);
  });

  it.each([
    [
      'http://169.254.169.254/latest/meta-data/',
      'URL host 169.254.169.254:80 is a cloud metadata address',
    ],
    [
      'http://100.100.100.200/latest/meta-data/',
      'URL host 100.100.100.200:80 is a cloud metadata address',
    ],
    [
      'http://[fd00:ec2::254]/latest/meta-data/',
      'URL host [fd00:ec2::254]:80 is a cloud metadata address',
    ],
    [
      'http://169.254.10.1:8080/',
      'URL host 169.254.10.1:8080 is a link-local address',
    ],
    ['http://[fe80::1]/', 'URL host [fe80::1]:80 is a link-local address'],
    // The URL parser writes it as ::ffff:a9fe:a9fe; it is still judged as 169.254.169.254.
    [
      'http://[::ffff:169.254.169.254]/',
      'URL host [::ffff:a9fe:a9fe]:80 is a cloud metadata address',
    ],
    ['http://0.0.0.0:8080/', 'URL host 0.0.0.0:8080 is an unspecified address'],
  ])('refuses %s whatever the project allows', async (url, reason) => {
    const everything = projectOutboundPolicy(
      testProject({ outboundHosts: ['*', '*:*', '**'] }),
    );
    await expect(get(url, { policy: everything })).rejects.toThrow(
      `GET ${url} refused: ${reason}, which Slipway never calls`,
    );
    await expect(
      get(url, { policy: operatorOutboundPolicy() }),
    ).rejects.toThrow(OutboundRefusedError);
  });

  it('refuses a name that resolves to a metadata or link-local address, judged at connect time', async () => {
    const { lookup, calls } = hosts({
      'metadata.test': [['169.254.169.254']],
      'mapped.test': [['::ffff:169.254.169.254']],
      'linklocal.test': [['fe80::1']],
      // One good address does not excuse a refused one.
      'mixed.test': [['127.0.0.1', '169.254.1.1']],
    });
    const policy = projectOutboundPolicy(
      testProject({ outboundHosts: ['*.test:*', '*.test'] }),
      lookup,
    );
    await expect(
      get(`http://metadata.test/latest/meta-data/`, { policy }),
    ).rejects.toThrow(
      "GET http://metadata.test/latest/meta-data/ refused: 'metadata.test' resolves to 169.254.169.254, a cloud metadata address, which Slipway never calls",
    );
    await expect(
      get(`http://mapped.test:${port}/`, { policy }),
    ).rejects.toThrow(
      "'mapped.test' resolves to ::ffff:169.254.169.254, a cloud metadata address",
    );
    await expect(
      get(`http://linklocal.test:${port}/`, { policy }),
    ).rejects.toThrow(
      "'linklocal.test' resolves to fe80::1, a link-local address",
    );
    await expect(get(`http://mixed.test:${port}/`, { policy })).rejects.toThrow(
      "'mixed.test' resolves to 169.254.1.1, a link-local address",
    );
    // The socket asked our resolver: the names were judged where they were resolved.
    expect(calls).toEqual([
      'metadata.test',
      'mapped.test',
      'linklocal.test',
      'mixed.test',
    ]);
    expect(seen).toEqual([]);
  });

  it('judges each connection by the address it connects to, so a rebinding name gets no request', async () => {
    // First answer the loopback server, then the metadata address, as a rebinding DNS server does.
    const { lookup } = hosts({
      'rebind.test': [['127.0.0.1'], ['169.254.169.254']],
    });
    const policy = projectOutboundPolicy(
      testProject({ outboundHosts: ['rebind.test:*'] }),
      lookup,
    );
    await expect(
      get(`http://rebind.test:${port}/first`, { policy }),
    ).resolves.toMatchObject({ status: 200 });
    await expect(
      get(`http://rebind.test:${port}/second`, { policy }),
    ).rejects.toThrow(
      "'rebind.test' resolves to 169.254.169.254, a cloud metadata address",
    );
    expect(seen).toEqual([`GET rebind.test:${port}/first`]);
  });

  it('reuses a connection for the next call to the same server', async () => {
    const sockets: unknown[] = [];
    const track = (req: http.IncomingMessage) => sockets.push(req.socket);
    server.on('request', track);
    try {
      for (const path of ['/a', '/b', '/c']) {
        await expect(
          get(`http://127.0.0.1:${port}${path}`),
        ).resolves.toMatchObject({ status: 200 });
      }
    } finally {
      server.off('request', track);
    }
    expect(sockets).toHaveLength(3);
    expect(new Set(sockets).size).toBe(1);
  });

  it('lets the operator policy call any other host', async () => {
    const response = await get(`http://127.0.0.1:${port}/hook`, {
      policy: operatorOutboundPolicy(),
    });
    expect(response.status).toBe(200);
  });

  it('names the URL and the timeout when a server does not answer in time', async () => {
    const silent = http.createServer(() => undefined);
    await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${
      (silent.address() as AddressInfo).port
    }/slow`;
    try {
      await expect(get(url, { timeoutMs: 200 })).rejects.toThrow(
        `GET ${url} timed out after 200 ms`,
      );
    } finally {
      silent.closeAllConnections();
      await new Promise(resolve => silent.close(resolve));
    }
  });
});
