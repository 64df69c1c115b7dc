import { spawn, ChildProcess } from 'node:child_process';
import { IncomingMessage, ServerResponse } from 'node:http';
import { gitEnv } from './gitCli';

/** Where Debian's git package installs the smart-HTTP CGI program. */
export const GIT_HTTP_BACKEND = '/usr/lib/git-core/git-http-backend';

export interface CgiRequestOptions {
  projectRoot: string;
  home: string;
  remoteUser?: string;
  /** Receives the child so the server can kill it on close. */
  track(child: ChildProcess): void;
}

/** Request headers as CGI HTTP_* variables (git reads HTTP_GIT_PROTOCOL). */
function headerVariables(req: IncomingMessage): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'authorization') continue;
    const key = `HTTP_${name.toUpperCase().replace(/-/g, '_')}`;
    vars[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return vars;
}

/** Splits the CGI header block into a status code and response headers. */
function parseCgiHeaders(block: string): {
  status: number;
  headers: Record<string, string[]>;
} {
  let status = 200;
  const headers: Record<string, string[]> = {};
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') {
      status = parseInt(value, 10) || 500;
    } else {
      (headers[name] ??= []).push(value);
    }
  }
  return { status, headers };
}

/** Finds the blank line ending the CGI headers, accepting CRLF or LF. */
function headerEnd(
  buf: Buffer,
): { end: number; bodyStart: number } | undefined {
  const crlf = buf.indexOf('\r\n\r\n');
  const lf = buf.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf))
    return { end: crlf, bodyStart: crlf + 4 };
  if (lf >= 0) return { end: lf, bodyStart: lf + 2 };
  return undefined;
}

/**
 * Serves one request by running `git http-backend` as a CGI program:
 * the request body streams into its stdin, its stdout is parsed into
 * status + headers and the rest streams back as the response body.
 */
export function serveWithGitHttpBackend(
  req: IncomingMessage,
  res: ServerResponse,
  options: CgiRequestOptions,
): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  let pathInfo: string;
  try {
    pathInfo = decodeURIComponent(url.pathname);
  } catch {
    res.writeHead(400, { 'Content-Type': 'text/plain' });
    res.end('Malformed path\n');
    return;
  }
  const cgiEnv: Record<string, string> = {
    GIT_PROJECT_ROOT: options.projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
    SERVER_SOFTWARE: 'slipway-test-git',
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: pathInfo,
    QUERY_STRING: url.search.replace(/^\?/, ''),
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    ...headerVariables(req),
  };
  if (req.headers['content-type'])
    cgiEnv.CONTENT_TYPE = req.headers['content-type'];
  if (req.headers['content-length'])
    cgiEnv.CONTENT_LENGTH = req.headers['content-length'];
  if (options.remoteUser) {
    cgiEnv.REMOTE_USER = options.remoteUser;
    cgiEnv.AUTH_TYPE = 'Basic';
  }

  const child = spawn(GIT_HTTP_BACKEND, [], {
    env: gitEnv(options.home, cgiEnv),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  options.track(child);

  const stderr: Buffer[] = [];
  child.stderr.on('data', chunk => stderr.push(chunk));
  // The backend may exit before reading a body it rejects; ignore EPIPE.
  child.stdin.on('error', () => {});
  req.pipe(child.stdin);

  let pending: Buffer = Buffer.alloc(0);
  let headersSent = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersSent) {
      res.write(chunk);
      return;
    }
    pending = Buffer.concat([pending, chunk]);
    const found = headerEnd(pending);
    if (!found) return;
    const { status, headers } = parseCgiHeaders(
      pending.subarray(0, found.end).toString('latin1'),
    );
    res.writeHead(status, headers);
    headersSent = true;
    const body = pending.subarray(found.bodyStart);
    if (body.length) res.write(body);
  });

  let failed = false;
  child.on('error', error => {
    failed = true;
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
    res.end(`git http-backend could not run: ${error.message}\n`);
  });
  child.on('close', code => {
    if (failed) return;
    if (!headersSent) {
      if (!res.headersSent)
        res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(
        `git http-backend exited with ${code} before sending headers: ${Buffer.concat(
          stderr,
        ).toString()}\n`,
      );
      return;
    }
    res.end();
  });
}
