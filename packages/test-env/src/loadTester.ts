import { execFile } from 'node:child_process';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import { startLoopbackServer } from './loopbackServer';

/** One request as the load tester received it. */
export interface LoadTesterCall {
  method: string;
  path: string;
  /** Parsed JSON body; undefined when it was empty or not JSON. */
  body?: any;
  headers: http.IncomingHttpHeaders;
  /** The status it was answered with. */
  status: number;
}

export interface LoadTester {
  url: string;
  /** Every request, in arrival order. */
  calls: LoadTesterCall[];
  /** `cmd` tasks accepted, without duplicates (never run: there is no `hey` here). */
  commands: string[];
  /** Whether a canary's `/gate/check` (`gate`) or `/rollback/check` answers 200. */
  isOpen(kind: 'gate' | 'rollback', name: string, namespace: string): boolean;
  close(): Promise<void>;
}

export interface LoadTesterOptions {
  /** Longest a blocking `bash` task may run; default 10 s (Flagger: `-timeout`). */
  bashTimeoutMs?: number;
}

/**
 * A faithful fake of Flagger's load tester on 127.0.0.1 (docs/rollout-engine.md#webhooks).
 * POST `/` with a webhook payload: `metadata.type` `cmd` (the default)
 * queues the command once per canary and answers 202 at once; `bash` runs
 * `bash -c <cmd>` and answers 200 with its output or 500 with the error;
 * no metadata or no `cmd` answers 400. Gates are per canary
 * (`<name>.<namespace>` of the payload) and start closed, as Flagger's do:
 * `/gate/approve` 200, `/gate/halt` 403, `/gate/check` and
 * `/rollback/check` 200 when open else 403, `/gate/open|close` and
 * `/rollback/open|close` 202.
 */
export async function startLoadTester(
  options: LoadTesterOptions = {},
): Promise<LoadTester> {
  const calls: LoadTesterCall[] = [];
  const commands: string[] = [];
  const tasks = new Set<string>();
  const open = { gate: new Set<string>(), rollback: new Set<string>() };
  const bashTimeoutMs = options.bashTimeoutMs ?? 10_000;

  const route = async (
    method: string,
    path: string,
    body: any,
  ): Promise<[number, string]> => {
    if (method !== 'POST') return [405, 'method not allowed'];
    const canary =
      body &&
      typeof body.name === 'string' &&
      typeof body.namespace === 'string'
        ? `${body.name}.${body.namespace}`
        : undefined;
    const gate = /^\/(gate|rollback)\/(approve|halt|check|open|close)$/.exec(
      path,
    );
    if (gate) {
      const kind = gate[1] as 'gate' | 'rollback';
      const action = gate[2];
      if (kind === 'gate' && action === 'approve') return [200, 'Approved'];
      if (kind === 'gate' && action === 'halt') return [403, 'Forbidden'];
      if (action === 'approve' || action === 'halt') return [404, 'not found'];
      if (!canary) return [400, 'name and namespace are required'];
      if (action === 'check') {
        return open[kind].has(canary) ? [200, 'Approved'] : [403, 'Forbidden'];
      }
      if (action === 'open') open[kind].add(canary);
      else open[kind].delete(canary);
      return [
        202,
        `${kind === 'gate' ? 'Gate' : 'Rollback'} ${
          action === 'open' ? 'opened' : 'closed'
        }`,
      ];
    }
    if (path !== '/') return [404, 'not found'];
    if (body === undefined) return [400, 'invalid JSON payload'];
    const metadata = body.metadata as Record<string, string> | undefined;
    if (!metadata || Object.keys(metadata).length === 0) {
      return [400, 'metadata not found in payload'];
    }
    const cmd = metadata.cmd;
    if (!cmd) return [400, 'cmd not found in metadata'];
    const type = metadata.type ?? 'cmd';
    if (type === 'cmd') {
      const key = `${canary ?? ''} ${cmd}`;
      if (!tasks.has(key)) {
        tasks.add(key);
        commands.push(cmd);
      }
      return [202, 'Accepted'];
    }
    if (type === 'bash') return runBash(cmd, bashTimeoutMs);
    return [400, `unsupported task type ${type}`];
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: any;
    try {
      body = chunks.length
        ? JSON.parse(Buffer.concat(chunks).toString('utf8'))
        : undefined;
    } catch {
      body = undefined;
    }
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const [status, text] = await route(req.method ?? 'GET', path, body);
    calls.push({
      method: req.method ?? 'GET',
      path,
      body,
      headers: req.headers,
      status,
    });
    if (res.destroyed) return;
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(text);
  };

  const server = await startLoopbackServer(handle);

  return {
    url: server.url,
    calls,
    commands,
    isOpen: (kind, name, namespace) => open[kind].has(`${name}.${namespace}`),
    close: server.close,
  };
}

/** Flagger's blocking `bash` task: 200 with the output, 500 with the error. */
function runBash(cmd: string, timeoutMs: number): Promise<[number, string]> {
  return new Promise(resolve => {
    execFile(
      'bash',
      ['-c', cmd],
      { timeout: timeoutMs, maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        if (error) {
          resolve([500, `command ${cmd} failed: ${stderr || error.message}`]);
        } else {
          resolve([200, stdout]);
        }
      },
    );
  });
}
