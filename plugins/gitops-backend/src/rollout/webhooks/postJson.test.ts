import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import net, { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectOutboundPolicy } from '../../outbound';
import { testProject } from '../../__testUtils__/testProject';
import { postJson } from './postJson';

const policy = projectOutboundPolicy(testProject());

const listen = async <T extends http.Server>(server: T) => {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};
const stop = async (server: http.Server) => {
  server.closeAllConnections();
  await new Promise(resolve => server.close(resolve));
};

/** Echoes the method, path and body it received. */
const echo: http.RequestListener = (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', c => chunks.push(c));
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        method: req.method,
        path: req.url,
        body: Buffer.concat(chunks).toString(),
      }),
    );
  });
};

describe('postJson', () => {
  let dir: string;
  let plain: http.Server;
  let secure: https.Server;
  let proxy: http.Server;
  const proxied: string[] = [];
  const tunnels: net.Socket[] = [];
  let urls: { plain: string; secure: string; proxy: string };

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-postjson-'));
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    await promisify(execFile)('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ]);
    plain = http.createServer(echo);
    secure = https.createServer(
      { key: await fs.readFile(key), cert: await fs.readFile(cert) },
      echo,
    );
    // A minimal forward proxy: absolute-URI requests for http, CONNECT tunnels for https.
    proxy = http.createServer((req, res) => {
      proxied.push(`${req.method} ${req.url}`);
      const target = new URL(req.url!);
      const upstream = http.request(
        target,
        { method: req.method, headers: req.headers },
        answer => {
          res.writeHead(answer.statusCode!, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    proxy.on('connect', (req, socket: net.Socket, head) => {
      tunnels.push(socket);
      proxied.push(`CONNECT ${req.url}`);
      const [host, port] = req.url!.split(':');
      const upstream = net.connect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
    });
    urls = {
      plain: `http://127.0.0.1:${await listen(plain)}/hook`,
      secure: `https://127.0.0.1:${await listen(secure)}/hook`,
      proxy: `http://127.0.0.1:${await listen(proxy)}`,
    };
  });
  afterAll(async () => {
    // Tunnels are detached from the server: closeAllConnections does not see them.
    tunnels.forEach(s => s.destroy());
    await Promise.all([stop(plain), stop(secure), stop(proxy)]);
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('posts JSON directly', async () => {
    expect(
      await postJson(urls.plain, { a: 1 }, { timeoutMs: 5000, policy }),
    ).toEqual({
      status: 200,
      statusLine: 'HTTP 200 OK',
      body: JSON.stringify({ method: 'POST', path: '/hook', body: '{"a":1}' }),
    });
  });

  it('goes through an HTTP proxy to an http URL', async () => {
    const response = await postJson(
      urls.plain,
      { b: 2 },
      { timeoutMs: 5000, policy, proxy: urls.proxy },
    );
    expect(JSON.parse(response.body)).toEqual({
      method: 'POST',
      path: '/hook',
      body: '{"b":2}',
    });
    expect(proxied.at(-1)).toBe(`POST ${urls.plain}`);
  });

  it('tunnels through the proxy to an https URL, verifying its certificate unless told not to', async () => {
    const response = await postJson(
      urls.secure,
      { c: 3 },
      { timeoutMs: 5000, policy, proxy: urls.proxy, insecure: true },
    );
    expect(JSON.parse(response.body)).toEqual({
      method: 'POST',
      path: '/hook',
      body: '{"c":3}',
    });
    expect(proxied.at(-1)).toBe(`CONNECT ${new URL(urls.secure).host}`);
    await expect(
      postJson(urls.secure, {}, { timeoutMs: 5000, policy, proxy: urls.proxy }),
    ).rejects.toThrow(
      /^POST https:\/\/127\.0\.0\.1:\d+\/hook failed: self-signed certificate/,
    );
  });

  it('names a proxy that is down', async () => {
    await expect(
      postJson(
        urls.plain,
        {},
        { timeoutMs: 5000, policy, proxy: 'http://127.0.0.1:1' },
      ),
    ).rejects.toThrow(
      `POST ${urls.plain} failed: connect ECONNREFUSED 127.0.0.1:1`,
    );
  });

  it('refuses other schemes', async () => {
    await expect(
      postJson('ftp://example.com/x', {}, { timeoutMs: 5000, policy }),
    ).rejects.toThrow(
      'POST ftp://example.com/x refused: only http and https URLs are supported',
    );
  });
});
