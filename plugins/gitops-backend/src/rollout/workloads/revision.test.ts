import { createHash } from 'node:crypto';
import { createWorkloads } from '.';
import {
  configMap,
  podinfo,
  secret,
  WorkloadsTestbed,
} from './__testUtils__/workloadsTestbed';

describe('Workloads.revision against the local control plane', () => {
  const workloads = createWorkloads();
  let testbed: WorkloadsTestbed;
  const revision = () => workloads.revision(testbed.target());

  const withConfigs = (
    image = 'ghcr.io/stefanprodan/podinfo:6.0.0',
    replicas = 2,
  ) =>
    podinfo({
      image,
      replicas,
      container: {
        envFrom: [
          { configMapRef: { name: 'podinfo-env' } },
          { secretRef: { name: 'podinfo-token' } },
          { configMapRef: { name: 'podinfo-shared' } },
          { configMapRef: { name: 'podinfo-absent', optional: true } },
        ],
      },
      podSpec: {
        initContainers: [
          {
            name: 'migrate',
            image: 'busybox',
            env: [
              {
                name: 'DB',
                valueFrom: {
                  configMapKeyRef: { name: 'podinfo-db', key: 'url' },
                },
              },
            ],
          },
        ],
      },
    });

  beforeAll(async () => {
    testbed = await WorkloadsTestbed.start('workloads-rev');
  });

  afterAll(() => testbed.stop());

  it('is undefined while the target does not exist', async () => {
    await expect(revision()).resolves.toBeUndefined();
  });

  it('explains a required ConfigMap that does not exist', async () => {
    await testbed.apply(withConfigs());
    await expect(revision()).rejects.toThrow(
      `ConfigMap podinfo-db.${testbed.namespace} referenced by podinfo.${testbed.namespace} not found`,
    );
  });

  it('hashes the pod template and tracks the referenced ConfigMaps and Secrets', async () => {
    await testbed.apply(configMap('podinfo-env', { LEVEL: 'info' }));
    await testbed.apply(configMap('podinfo-db', { url: 'postgres://db' }));
    await testbed.apply(
      configMap(
        'podinfo-shared',
        { region: 'eu' },
        { 'flagger.app/config-tracking': 'disabled' },
      ),
    );
    await testbed.apply(secret('podinfo-token', { token: 's3cr3t' }));

    const first = await revision();
    expect(first?.hash).toMatch(/^[0-9a-f]{8}$/);
    expect(Object.keys(first!.trackedConfigs).sort()).toEqual([
      'configmap/podinfo-db',
      'configmap/podinfo-env',
      'secret/podinfo-token',
    ]);
    // First 8 bytes of the SHA-256 of the data, as hex.
    const expected = createHash('sha256')
      .update(JSON.stringify({ data: { LEVEL: 'info' } }))
      .digest('hex');
    expect(first!.trackedConfigs['configmap/podinfo-env']).toBe(
      expected.slice(0, 16),
    );
    expect(await revision()).toEqual(first);
  });

  it('changes the hash with the template but not with the replicas', async () => {
    const before = await revision();
    await testbed.apply(withConfigs('ghcr.io/stefanprodan/podinfo:6.0.0', 5));
    await workloads.scaleTarget(testbed.target(), 'zero');
    expect(await revision()).toEqual(before);

    await testbed.apply(withConfigs('ghcr.io/stefanprodan/podinfo:6.1.0'));
    const after = await revision();
    expect(after?.hash).not.toBe(before?.hash);
    expect(after?.trackedConfigs).toEqual(before?.trackedConfigs);
  });

  it('changes the tracked checksum when a referenced ConfigMap or Secret changes, not when an untracked one does', async () => {
    const before = (await revision())!;
    await testbed.apply(
      configMap(
        'podinfo-shared',
        { region: 'us' },
        { 'flagger.app/config-tracking': 'disabled' },
      ),
    );
    expect(await revision()).toEqual(before);

    await testbed.apply(configMap('podinfo-env', { LEVEL: 'debug' }));
    await testbed.apply(secret('podinfo-token', { token: 'rotated' }));
    const after = (await revision())!;
    expect(after.hash).toBe(before.hash);
    expect(after.trackedConfigs['configmap/podinfo-env']).not.toBe(
      before.trackedConfigs['configmap/podinfo-env'],
    );
    expect(after.trackedConfigs['secret/podinfo-token']).not.toBe(
      before.trackedConfigs['secret/podinfo-token'],
    );
    expect(after.trackedConfigs['configmap/podinfo-db']).toBe(
      before.trackedConfigs['configmap/podinfo-db'],
    );
  });
});
