import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * One write request the local API server answered, read from its audit log
 * (scripts/infra/kube.sh writes the Metadata of every create, update, patch
 * and delete a client makes; the control plane's own traffic is left out).
 */
export interface AuditedWrite {
  /** create, update, patch, delete or deletecollection */
  verb: string;
  /** Plural resource, with its subresource if any: `deployments`, `deployments/scale`. */
  resource: string;
  /** API group; `''` for the core group. */
  group: string;
  /** Empty for cluster-scoped objects. */
  namespace: string;
  /** Empty for a collection (deletecollection). */
  name: string;
  /** The authenticated user name. */
  user: string;
  userAgent: string;
  /** `fieldManager` of the request, if it named one (server-side apply, updates). */
  fieldManager?: string;
  /** A dry run changes nothing: it is recorded but is no write. */
  dryRun: boolean;
  /** HTTP status of the answer. */
  code: number;
  /** When the answer was complete. */
  at: Date;
}

/**
 * A position in the audit log: the file (by inode, which survives the API
 * server's rotation, a rename) and a byte offset in it.
 */
export interface AuditMark {
  inode: number;
  offset: number;
}

/** What `writesSince` read: the writes, and where the next read starts. */
export interface AuditedWrites {
  writes: AuditedWrite[];
  /** After the last complete line read. */
  next: AuditMark;
}

export interface AuditLog {
  path: string;
  /** The log's end now: writes made after this call are read from it. */
  mark(): Promise<AuditMark>;
  /** Writes logged from `mark` on (complete lines only), across a rotation. */
  writesSince(mark: AuditMark): Promise<AuditedWrites>;
}

/** What an audit event (audit.k8s.io/v1) holds, as far as it is read here. */
interface AuditEvent {
  stage?: string;
  verb?: string;
  requestURI?: string;
  userAgent?: string;
  user?: { username?: string };
  objectRef?: {
    resource?: string;
    subresource?: string;
    apiGroup?: string;
    namespace?: string;
    name?: string;
  };
  responseStatus?: { code?: number };
  stageTimestamp?: string;
}

const WRITE_VERBS = new Set([
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
]);

/** The write an audit event records, or undefined for any other event or line. */
export function parseAuditLine(line: string): AuditedWrite | undefined {
  let event: AuditEvent;
  try {
    event = JSON.parse(line);
  } catch {
    return undefined;
  }
  // One event per request: the answer (or a panic, which answers 500).
  if (event.stage !== 'ResponseComplete' && event.stage !== 'Panic') {
    return undefined;
  }
  if (!event.verb || !WRITE_VERBS.has(event.verb) || !event.objectRef) {
    return undefined;
  }
  const ref = event.objectRef;
  const query = new URL(event.requestURI ?? '/', 'http://audit.invalid')
    .searchParams;
  return {
    verb: event.verb,
    resource: ref.subresource
      ? `${ref.resource}/${ref.subresource}`
      : ref.resource ?? '',
    group: ref.apiGroup ?? '',
    namespace: ref.namespace ?? '',
    name: ref.name ?? '',
    user: event.user?.username ?? '',
    userAgent: event.userAgent ?? '',
    fieldManager: query.get('fieldManager') ?? undefined,
    dryRun: query.getAll('dryRun').length > 0,
    code: event.responseStatus?.code ?? 0,
    at: new Date(event.stageTimestamp ?? 0),
  };
}

/** Reads one file from `offset`: its complete lines, and the offset after them. */
async function readFrom(file: string, offset: number) {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size < offset) {
      throw new Error(
        `The audit log ${file} is shorter (${size} bytes) than the offset ${offset}: it was truncated`,
      );
    }
    const buffer = Buffer.alloc(size - offset);
    await handle.read(buffer, 0, buffer.length, offset);
    // A line the API server is still writing is left for the next read.
    const end = buffer.lastIndexOf(0x0a) + 1;
    const writes = buffer
      .subarray(0, end)
      .toString('utf8')
      .split('\n')
      .flatMap(line => parseAuditLine(line) ?? []);
    return { writes, end: offset + end };
  } finally {
    await handle.close();
  }
}

/** The rotated backup (`audit-<time>.log` beside it) that is the file of `inode`. */
async function rotatedFile(file: string, inode: number): Promise<string> {
  const dir = path.dirname(file);
  const stem = path.basename(file, path.extname(file));
  for (const name of await fs.readdir(dir)) {
    if (!name.startsWith(`${stem}-`)) continue;
    const candidate = path.join(dir, name);
    if ((await fs.stat(candidate)).ino === inode) return candidate;
  }
  throw new Error(
    `The audit log ${file} was rotated and its part from the mark is gone (inode ${inode})`,
  );
}

/**
 * Reads the local control plane's audit log at `file`. The API server
 * rotates it past 512 MiB (renaming it to `audit-<time>.log`); a read from a
 * mark in the rotated file continues in the new one.
 */
export function auditLog(file: string): AuditLog {
  return {
    path: file,
    async mark() {
      const { ino, size } = await fs.stat(file);
      return { inode: ino, offset: size };
    },
    async writesSince(mark) {
      const current = await fs.stat(file);
      if (current.ino === mark.inode) {
        const { writes, end } = await readFrom(file, mark.offset);
        return { writes, next: { inode: mark.inode, offset: end } };
      }
      const older = await readFrom(
        await rotatedFile(file, mark.inode),
        mark.offset,
      );
      const newer = await readFrom(file, 0);
      return {
        writes: [...older.writes, ...newer.writes],
        next: { inode: current.ino, offset: newer.end },
      };
    },
  };
}

/** `verb resource namespace/name`, the default key writes are counted by. */
export const writeKey = (w: AuditedWrite) =>
  `${w.verb} ${w.resource} ${w.namespace}/${w.name}`;

/**
 * Counts writes that changed something (answered 2xx, not dry runs) by key:
 * by default verb, resource and object; pass a key to count by field
 * manager or user agent as well.
 */
export function countWrites(
  writes: AuditedWrite[],
  keyOf: (write: AuditedWrite) => string = writeKey,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const write of writes) {
    if (write.dryRun || write.code < 200 || write.code >= 300) continue;
    const key = keyOf(write);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * From a test worker: the audit log of the control plane the global setup
 * started (SLIPWAY_TEST_KUBE_AUDIT_LOG).
 */
export function testAuditLog(file = process.env.SLIPWAY_TEST_KUBE_AUDIT_LOG) {
  if (!file) {
    throw new Error(
      'No audit log: run the suite with the @internal/test-env globalSetup and SLIPWAY_TEST_ENV including "kube"',
    );
  }
  return auditLog(file);
}
