import {
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  V1ConfigMap,
} from '@kubernetes/client-node';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { auditLog, AuditMark, countWrites, AuditedWrite } from './auditLog';
import { startKube } from './kube';
import { waitUntil } from './waitUntil';

// A cold first run builds the control plane from Go modules before starting it.
jest.setTimeout(5 * 60 * 1000);

const namespace = `audit-test-${Date.now().toString(36)}`;
const MANAGER = 'slipway-audit-test';

let client: KubernetesObjectApi;
let log: ReturnType<typeof auditLog>;

const configMap = (name: string, value: string): V1ConfigMap => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data: { value },
});

const apply = (object: V1ConfigMap, dryRun?: 'All') =>
  client.patch(
    object,
    undefined,
    dryRun,
    MANAGER,
    true,
    PatchStrategy.ServerSideApply,
  );

/** Writes to this test's namespace logged from `offset` on, once `count` of them are there. */
async function writesInNamespace(offset: AuditMark, count: number) {
  return waitUntil(
    async () =>
      (await log.writesSince(offset)).writes.filter(
        w => w.namespace === namespace,
      ),
    {
      description: `${count} writes in ${namespace} in the audit log`,
      timeoutMs: 30_000,
      intervalMs: 200,
      until: writes => writes.length >= count,
    },
  );
}

beforeAll(async () => {
  const kube = await startKube();
  log = auditLog(kube.auditLogPath);
  const kubeconfig = new KubeConfig();
  kubeconfig.loadFromFile(kube.kubeconfigPath);
  client = KubernetesObjectApi.makeApiClient(kubeconfig);
  await client.create({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespace },
  });
}, 60 * 60 * 1000);

afterAll(async () => {
  await client
    ?.delete({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    })
    .catch(() => undefined);
});

describe('the local control plane audit log', () => {
  it('records each write a client makes, with verb, object, field manager and user agent, from a given mark on', async () => {
    const offset = await log.mark();
    await apply(configMap('first', 'a'));
    await apply(configMap('first', 'b'));
    await apply(configMap('first', 'c'), 'All');
    await apply(configMap('second', 'a'));
    await client.delete(configMap('second', 'a'));
    // Reads are not logged, and a refused write is logged with its code.
    await client.read({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'first', namespace },
    });
    await expect(
      client.create(configMap('first', 'again')),
    ).rejects.toBeDefined();

    const writes = await writesInNamespace(offset, 6);
    const first = writes.find(w => w.name === 'first')!;
    expect(first).toEqual<AuditedWrite>({
      verb: 'patch',
      resource: 'configmaps',
      group: '',
      namespace,
      name: 'first',
      user: 'slipway-admin',
      userAgent: expect.any(String),
      fieldManager: MANAGER,
      dryRun: false,
      code: 201,
      at: expect.any(Date),
    });
    expect(first.at.getTime()).toBeGreaterThan(Date.now() - 5 * 60_000);
    expect(writes.map(w => [w.verb, w.name, w.dryRun, w.code])).toEqual([
      ['patch', 'first', false, 201],
      ['patch', 'first', false, 200],
      ['patch', 'first', true, 200],
      ['patch', 'second', false, 201],
      ['delete', 'second', false, 200],
      ['create', 'first', false, 409],
    ]);
    // Counted: writes that changed something, by verb and object.
    expect(Object.fromEntries(countWrites(writes))).toEqual({
      [`patch configmaps ${namespace}/first`]: 2,
      [`patch configmaps ${namespace}/second`]: 1,
      [`delete configmaps ${namespace}/second`]: 1,
    });
    // ... or by field manager, as a test tells one writer from another.
    expect(
      Object.fromEntries(
        countWrites(writes, w => `${w.fieldManager} ${w.name}`),
      ),
    ).toEqual({
      [`${MANAGER} first`]: 2,
      [`${MANAGER} second`]: 1,
      'undefined second': 1,
    });
  });

  it('reads only what was logged after the mark, and the next mark continues where a read stopped', async () => {
    const before = await log.mark();
    await apply(configMap('third', 'a'));
    const seen = await writesInNamespace(before, 1);
    expect(seen.map(w => w.name)).toEqual(['third']);

    const { next } = await log.writesSince(before);
    await apply(configMap('fourth', 'a'));
    const later = await writesInNamespace(next, 1);
    expect(later.map(w => w.name)).toEqual(['fourth']);
  });

  it('leaves the control plane out: no Pod status, node, lease or event writes', async () => {
    const offset = await log.mark();
    // A Pod makes the scheduler bind it and KWOK report its status.
    await client.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'pod', namespace },
      spec: { containers: [{ name: 'c', image: 'example.invalid/c:1' }] },
    });
    await waitUntil(
      async () =>
        (await client.read({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'pod', namespace },
        })) as { status?: { phase?: string } },
      {
        description: 'the Pod to run on a fake node',
        timeoutMs: 60_000,
        intervalMs: 250,
        until: pod => pod.status?.phase === 'Running',
      },
    );
    const { writes } = await log.writesSince(offset);
    const ours = writes.filter(w => w.namespace === namespace);
    expect(ours.map(w => `${w.verb} ${w.resource}`)).toEqual(['create pods']);
    const noise = writes.filter(w =>
      [
        'nodes',
        'nodes/status',
        'pods/status',
        'pods/binding',
        'leases',
        'events',
      ].includes(w.resource),
    );
    expect(noise).toEqual([]);
    const controlPlane =
      /^system:(kube-|apiserver$|node:|serviceaccount:kube-system:)/;
    expect(writes.filter(w => controlPlane.test(w.user))).toEqual([]);
  });
});

describe('reading an audit log file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-audit-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  const event = (name: string, stage = 'ResponseComplete') =>
    JSON.stringify({
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      stage,
      verb: 'patch',
      requestURI: `/api/v1/namespaces/ns/configmaps/${name}?fieldManager=m&force=true`,
      user: { username: 'u' },
      userAgent: 'agent',
      objectRef: { resource: 'configmaps', namespace: 'ns', name },
      responseStatus: { code: 200 },
      stageTimestamp: '2026-01-01T00:00:00.000000Z',
    });

  const start = async (file: string) => ({
    inode: (await fs.stat(file)).ino,
    offset: 0,
  });

  it('leaves a line still being written for the next read', async () => {
    const file = path.join(dir, 'audit.log');
    const partial = event('b');
    await fs.writeFile(file, `${event('a')}\n${partial.slice(0, 20)}`);
    const first = await auditLog(file).writesSince(await start(file));
    expect(first.writes.map(w => w.name)).toEqual(['a']);

    await fs.appendFile(file, `${partial.slice(20)}\n`);
    const second = await auditLog(file).writesSince(first.next);
    expect(second.writes.map(w => w.name)).toEqual(['b']);
  });

  it('skips events of other stages and lines that are not JSON', async () => {
    const file = path.join(dir, 'audit.log');
    await fs.writeFile(
      file,
      `${event('a', 'RequestReceived')}\nnot json\n${event('b')}\n`,
    );
    const { writes } = await auditLog(file).writesSince(await start(file));
    expect(writes.map(w => w.name)).toEqual(['b']);
  });

  it('continues from a mark in a rotated file into the new one', async () => {
    const file = path.join(dir, 'audit.log');
    await fs.writeFile(file, `${event('a')}\n`);
    const rotating = auditLog(file);
    const mark = await rotating.mark();
    await fs.appendFile(file, `${event('b')}\n`);
    // What the API server does past its size limit: rename, start afresh.
    await fs.rename(file, path.join(dir, 'audit-2026-01-01T00-00-00.000.log'));
    await fs.writeFile(file, `${event('c')}\n`);

    const read = await rotating.writesSince(mark);
    expect(read.writes.map(w => w.name)).toEqual(['b', 'c']);
    await fs.appendFile(file, `${event('d')}\n`);
    expect(
      (await rotating.writesSince(read.next)).writes.map(w => w.name),
    ).toEqual(['d']);
  });

  it('says so when the file is shorter than the mark (truncated)', async () => {
    const file = path.join(dir, 'audit.log');
    await fs.writeFile(file, `${event('a')}\n`);
    const mark = { ...(await start(file)), offset: 1_000_000 };
    await expect(auditLog(file).writesSince(mark)).rejects.toThrow(
      /shorter .* than the offset 1000000: it was truncated/,
    );
  });
});
