import { ConflictError } from '@backstage/errors';
import type { KubernetesObject } from '@slipway/plugin-gitops-node';
import {
  MANAGED_BY_ROLLOUTS_ANNOTATION,
  POD_TEMPLATE_HASH_LABEL,
} from './constants';
import {
  readyForServiceSwitch,
  releasedService,
  serviceProblems,
  serviceSelectedHash,
  serviceSelectorApply,
  serviceSelectorPatch,
  serviceSwitchReady,
} from './services';
import { rs } from './__testUtils__/specs';

/*
 * Facts from Argo Rollouts v1.8.3: `switchServiceSelector` and
 * `ensureSVCTargets` (`rollout/service.go`), `ValidateService`
 * (`pkg/apis/rollouts/validation/validation_references.go`), the service
 * controller's clean-up (`service/service.go`).
 */

const service = (
  annotations?: Record<string, string>,
  selector: Record<string, string> = { app: 'web' },
): KubernetesObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web-stable', namespace: 'shop', annotations },
  spec: { selector, ports: [{ port: 80 }], type: 'ClusterIP' },
});

describe('serviceSelectorPatch', () => {
  it('adds the hash to the selector and marks the Service as managed by the rollout', () => {
    const original = service({ 'team.example.com/x': 'y' });
    const out = serviceSelectorPatch(original, 'abc', 'web');
    expect(out.spec).toEqual({
      selector: { app: 'web', [POD_TEMPLATE_HASH_LABEL]: 'abc' },
      ports: [{ port: 80 }],
      type: 'ClusterIP',
    });
    expect(out.metadata.annotations).toEqual({
      'team.example.com/x': 'y',
      [MANAGED_BY_ROLLOUTS_ANNOTATION]: 'web',
    });
    expect(serviceSelectedHash(out)).toBe('abc');
    expect(serviceSelectedHash(original)).toBeUndefined();
  });

  it('switches a Service the rollout already manages to another hash', () => {
    const managed = serviceSelectorPatch(service(), 'abc', 'web');
    expect(
      serviceSelectedHash(serviceSelectorPatch(managed, 'def', 'web')),
    ).toBe('def');
  });

  it('refuses a Service another rollout manages', () => {
    const theirs = service({ [MANAGED_BY_ROLLOUTS_ANNOTATION]: 'api' });
    expect(() => serviceSelectorPatch(theirs, 'abc', 'web')).toThrow(
      ConflictError,
    );
    expect(() => serviceSelectorPatch(theirs, 'abc', 'web')).toThrow(
      'Service "web-stable" is managed by another Rollout (api), not web',
    );
    expect(() => serviceSelectorApply(theirs, 'abc', 'web')).toThrow(
      ConflictError,
    );
  });

  it('builds a server-side apply body of just the fields the rollout owns', () => {
    expect(serviceSelectorApply(service(), 'abc', 'web')).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'web-stable',
        namespace: 'shop',
        annotations: { [MANAGED_BY_ROLLOUTS_ANNOTATION]: 'web' },
      },
      spec: { selector: { [POD_TEMPLATE_HASH_LABEL]: 'abc' } },
    });
  });
});

describe('releasedService', () => {
  it('takes the hash and the annotation away, nothing else', () => {
    const managed = serviceSelectorPatch(service({ keep: 'me' }), 'abc', 'web');
    const released = releasedService(managed);
    expect(released.metadata.annotations).toEqual({ keep: 'me' });
    expect(released.spec).toEqual(service().spec);
    expect(
      releasedService(serviceSelectorPatch(service(), 'abc', 'web')).metadata,
    ).toEqual({
      name: 'web-stable',
      namespace: 'shop',
    });
  });
});

describe('serviceProblems', () => {
  it("refuses selector labels the pods lack and another rollout's Service", () => {
    expect(serviceProblems(service(), 'web', { app: 'web' })).toEqual([]);
    expect(
      serviceProblems(
        service(undefined, { app: 'web', [POD_TEMPLATE_HASH_LABEL]: 'x' }),
        'web',
        { app: 'web' },
      ),
    ).toEqual([]);
    expect(
      serviceProblems(
        service(
          { [MANAGED_BY_ROLLOUTS_ANNOTATION]: 'api' },
          { app: 'api', tier: 'x' },
        ),
        'web',
        { app: 'web' },
      ),
    ).toEqual([
      'Service "web-stable" has unmatch label "app" in rollout',
      'Service "web-stable" has unmatch label "tier" in rollout',
      'Service "web-stable" is managed by another Rollout',
    ]);
  });
});

describe('readyForServiceSwitch', () => {
  it('needs every pod available to adopt, one to switch', () => {
    expect(readyForServiceSwitch(rs(3, 2), true)).toBe(false);
    expect(readyForServiceSwitch(rs(3), true)).toBe(true);
    expect(readyForServiceSwitch(rs(3, 1), false)).toBe(true);
    expect(readyForServiceSwitch(rs(3, 0), false)).toBe(false);
  });
});

describe('serviceSwitchReady', () => {
  const managed = serviceSelectorPatch(service(), 'old', 'web');

  it('adopts a Service only onto a fully available ReplicaSet', () => {
    expect(
      serviceSwitchReady(service(), 'new', {
        replicas: 3,
        availableReplicas: 2,
      }),
    ).toBe(false);
    expect(
      serviceSwitchReady(service(), 'new', {
        replicas: 3,
        availableReplicas: 3,
      }),
    ).toBe(true);
    expect(
      serviceSwitchReady(service(), 'new', {
        replicas: 0,
        availableReplicas: 0,
      }),
    ).toBe(false);
  });

  it('switches a managed Service once one pod is available', () => {
    expect(
      serviceSwitchReady(managed, 'new', { replicas: 3, availableReplicas: 0 }),
    ).toBe(false);
    expect(
      serviceSwitchReady(managed, 'new', { replicas: 3, availableReplicas: 1 }),
    ).toBe(true);
    expect(
      serviceSwitchReady(managed, 'old', { replicas: 3, availableReplicas: 0 }),
    ).toBe(true);
  });
});
