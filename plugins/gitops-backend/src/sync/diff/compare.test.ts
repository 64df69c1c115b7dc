import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { withPatch } from '../__fixtures__/merge';
import { liveSecret, SECRET_VALUES } from '../__fixtures__/secrets';
import { deployment } from '../__fixtures__/workloads';
import { diffResource, resourceLabel } from './compare';
import { toStableYaml } from './yaml';

// Counted, so a test can tell when the unified diff is made.
jest.mock('./yaml', () => {
  const actual = jest.requireActual('./yaml');
  return { ...actual, toStableYaml: jest.fn(actual.toStableYaml) };
});

const b64 = (value: string) => Buffer.from(value, 'utf8').toString('base64');

/**
 * What a server-side-apply dry run returns for an unchanged manifest: the live
 * object with a bumped managedFields timestamp, same resourceVersion.
 */
const dryRunUnchanged = withPatch(deployment, {
  metadata: {
    managedFields: [
      {
        manager: 'slipway',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: '2025-05-02T10:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': { 'f:replicas': {} } },
      },
    ],
  },
});

function setImage(obj: KubernetesObject, image: string): KubernetesObject {
  const copy = structuredClone(obj);
  (copy.spec as any).template.spec.containers[0].image = image;
  return copy;
}

describe('diffResource', () => {
  it('is Synced when only server-owned fields differ', () => {
    const live = withPatch(deployment, {
      metadata: {
        resourceVersion: '50000',
        generation: 4,
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration':
            '{"apiVersion":"apps/v1"}',
        },
      },
      status: { observedGeneration: 4, replicas: 4 },
    });
    const result = diffResource(dryRunUnchanged, live);
    expect(result).toMatchObject({
      syncStatus: 'Synced',
      action: 'none',
      changedPaths: [],
      diff: '',
    });
    expect(result.desired!.metadata).toEqual(result.live!.metadata);
  });

  it('is OutOfSync with a readable unified YAML diff for a changed field', () => {
    const desired = setImage(dryRunUnchanged, 'ghcr.io/example/web:1.5.0');
    const result = diffResource(desired, deployment);
    expect(result.syncStatus).toBe('OutOfSync');
    expect(result.action).toBe('update');
    expect(result.changedPaths).toEqual([
      '/spec/template/spec/containers/0/image',
    ]);
    expect(result.diff).toContain('--- live/apps/Deployment/shop/web\n');
    expect(result.diff).toContain('+++ desired/apps/Deployment/shop/web\n');
    expect(result.diff).toContain(
      '-          image: ghcr.io/example/web:1.4.2\n',
    );
    expect(result.diff).toContain(
      '+          image: ghcr.io/example/web:1.5.0\n',
    );
    // Only the change and its context, not the whole object.
    expect(result.diff).not.toContain('apiVersion: apps/v1');
    expect(result.diff).not.toMatch(/managedFields|resourceVersion|status:/);
  });

  it('reports a label change from the metadata it compares', () => {
    const desired = withPatch(dryRunUnchanged, {
      metadata: { labels: { tier: 'frontend' } },
    });
    const result = diffResource(desired, deployment);
    expect(result.changedPaths).toEqual(['/metadata/labels/tier']);
    expect(result.diff).toContain('+    tier: frontend\n');
  });

  it('ignores differences under matching ignoreDifferences pointers', () => {
    const scaled = withPatch(deployment, { spec: { replicas: 7 } });
    const options = {
      ignoreDifferences: [
        { group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] },
      ],
    };
    expect(diffResource(dryRunUnchanged, scaled, options).syncStatus).toBe(
      'Synced',
    );
    const otherName = {
      ignoreDifferences: [
        { kind: 'Deployment', name: 'api', jsonPointers: ['/spec/replicas'] },
      ],
    };
    expect(diffResource(dryRunUnchanged, scaled, otherName).syncStatus).toBe(
      'OutOfSync',
    );
  });

  it('does not report equal quantities written differently', () => {
    const desired = structuredClone(dryRunUnchanged);
    (desired.spec as any).template.spec.containers[0].resources = {
      limits: { cpu: '0.5', memory: '0.25Gi' },
      requests: { cpu: '100m', memory: '128Mi' },
    };
    expect(diffResource(desired, deployment).syncStatus).toBe('Synced');
    (desired.spec as any).template.spec.containers[0].resources.limits.cpu =
      '1';
    expect(diffResource(desired, deployment).changedPaths).toEqual([
      '/spec/template/spec/containers/0/resources/limits/cpu',
    ]);
  });

  it('plans a create when nothing is live, showing the whole object', () => {
    const desired = withPatch(deployment, {
      metadata: {
        resourceVersion: '',
        uid: null,
        generation: null,
        managedFields: null,
      },
      status: null,
    });
    const result = diffResource(desired, undefined);
    expect(result).toMatchObject({
      syncStatus: 'OutOfSync',
      action: 'create',
      live: undefined,
    });
    expect(result.diff).toContain('+apiVersion: apps/v1\n');
    expect(result.diff).not.toMatch(/^-[^-]/m);
  });

  it('plans a prune when Git no longer has the object', () => {
    const result = diffResource(undefined, deployment);
    expect(result).toMatchObject({
      syncStatus: 'OutOfSync',
      action: 'prune',
      desired: undefined,
    });
    expect(result.diff).toContain('-kind: Deployment\n');
  });

  it('is Synced with nothing on either side', () => {
    expect(diffResource(undefined, undefined)).toEqual({
      syncStatus: 'Synced',
      action: 'none',
      changedPaths: [],
      diff: '',
    });
  });

  it('names resources group/Kind/namespace/name, core as "core"', () => {
    expect(resourceLabel(deployment)).toBe('apps/Deployment/shop/web');
    expect(resourceLabel(liveSecret)).toBe('core/Secret/shop/db-credentials');
    expect(
      resourceLabel({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'view' },
      }),
    ).toBe('rbac.authorization.k8s.io/ClusterRole/view');
  });
});

describe('diffResource with Secrets', () => {
  const NEW_PASSWORD = 'n3w-Pa55word-after-rotation';
  /** The rendered manifest after a password rotation, written with stringData. */
  const desired = withPatch(liveSecret, {
    metadata: {
      uid: null,
      resourceVersion: null,
      creationTimestamp: null,
      managedFields: null,
      annotations: null,
    },
    data: null,
    stringData: { password: NEW_PASSWORD, apiToken: SECRET_VALUES.apiToken },
  });
  const allValues = [...Object.values(SECRET_VALUES), NEW_PASSWORD];

  function expectNoLeak(text: string) {
    for (const value of allValues) {
      expect(text).not.toContain(value);
      expect(text).not.toContain(b64(value));
    }
  }

  it('masks values in the diff, while showing which key changed', () => {
    const result = diffResource(desired, liveSecret);
    expect(result.syncStatus).toBe('OutOfSync');
    expect(result.changedPaths).toEqual(['/data/password']);
    expect(result.diff).toContain('-  password: ++++++++++++\n');
    expect(result.diff).toContain('+  password: ++++++++\n');
    // The unchanged key gets the same mask on both sides: context, not a change.
    expect(result.diff).toContain('   apiToken: ++++++++\n');
    expectNoLeak(result.diff);
    expectNoLeak(JSON.stringify(result));
  });

  it('is Synced when stringData equals live data, without leaking', () => {
    const same = withPatch(desired, {
      stringData: {
        password: SECRET_VALUES.password,
        apiToken: SECRET_VALUES.apiToken,
      },
    });
    const result = diffResource(same, liveSecret);
    expect(result.syncStatus).toBe('Synced');
    expectNoLeak(JSON.stringify(result));
  });

  it('never leaks on create, prune, or a malformed Secret', () => {
    expectNoLeak(JSON.stringify(diffResource(desired, undefined)));
    expectNoLeak(JSON.stringify(diffResource(undefined, liveSecret)));
    const malformed = withPatch(desired, {
      stringData: null,
      data: `${NEW_PASSWORD}`,
    });
    const result = diffResource(malformed, liveSecret);
    expect(result.syncStatus).toBe('OutOfSync');
    expectNoLeak(JSON.stringify(result));
  });

  it('keeps values out of ignore-rule paths and errors', () => {
    const ignorePassword = {
      ignoreDifferences: [{ kind: 'Secret', jsonPointers: ['/data/password'] }],
    };
    expect(diffResource(desired, liveSecret, ignorePassword).syncStatus).toBe(
      'Synced',
    );
    let message = '';
    try {
      diffResource(desired, liveSecret, {
        ignoreDifferences: [
          { kind: 'Secret', jsonPointers: ['data/password'] },
        ],
      });
    } catch (error) {
      message = String(error);
    }
    expect(message).toContain('Invalid JSON pointer');
    expectNoLeak(message);
  });
});

describe('diffResource with managedFieldsManagers', () => {
  it('ignores fields another controller owns on the live object', () => {
    const live = withPatch(deployment, {
      spec: { replicas: 6 },
      metadata: {
        managedFields: [
          ...(deployment.metadata.managedFields as unknown[]),
          {
            manager: 'hpa-controller',
            operation: 'Update',
            apiVersion: 'apps/v1',
            time: '2025-05-02T11:00:00Z',
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:spec': { 'f:replicas': {} } },
          },
        ],
      },
    });
    const rules = [
      {
        group: 'apps',
        kind: 'Deployment',
        managedFieldsManagers: ['hpa-controller'],
      },
    ];
    expect(diffResource(deployment, live).syncStatus).toBe('OutOfSync');
    expect(
      diffResource(deployment, live, { ignoreDifferences: rules }).syncStatus,
    ).toBe('Synced');
    const changedImage = setImage(deployment, 'web:2');
    expect(
      diffResource(changedImage, live, { ignoreDifferences: rules })
        .changedPaths,
    ).toEqual(['/spec/template/spec/containers/0/image']);
  });

  it('makes the unified diff only when it is read, once', () => {
    const stringify = jest.mocked(toStableYaml);
    stringify.mockClear();
    const result = diffResource(setImage(deployment, 'web:2'), deployment);
    expect(result.syncStatus).toBe('OutOfSync');
    expect(stringify).not.toHaveBeenCalled();

    expect(result.diff).toContain('+          image: web:2\n');
    expect(result.diff).toBe(result.diff);
    expect(stringify).toHaveBeenCalledTimes(2);
  });
});
