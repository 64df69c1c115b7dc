import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { objectLabel } from '../../kube/objectId';
import {
  applyStages,
  compareForApply,
  hookPhases,
  pruneOrder,
  syncWave,
  unknownHookPhases,
} from './order';
import {
  configMap,
  deployment,
  manifest,
  namespace,
  service,
  wave,
  widget,
  widgetCrd,
} from './__testUtils__/syncFixtures';

const inNs = (obj: KubernetesObject, ns = 'shop'): KubernetesObject => ({
  ...obj,
  metadata: { ...obj.metadata, namespace: ns },
});
const labels = (objects: KubernetesObject[]) => objects.map(objectLabel);

describe('syncWave', () => {
  it('is 0 unless annotated, and may be negative', () => {
    expect(syncWave(configMap('a'))).toBe(0);
    expect(syncWave(configMap('a', wave(3)))).toBe(3);
    expect(syncWave(configMap('a', wave(-2)))).toBe(-2);
  });

  it("reads Argo CD's annotation too; Slipway's wins when both are set", () => {
    const argo = { 'argocd.argoproj.io/sync-wave': '4' };
    expect(syncWave(configMap('a', argo))).toBe(4);
    expect(syncWave(configMap('a', { ...argo, ...wave(-1) }))).toBe(-1);
  });

  it('treats a value that is not a number as wave 0', () => {
    expect(syncWave(configMap('a', { 'slipway.dev/sync-wave': 'early' }))).toBe(
      0,
    );
  });
});

describe('hookPhases', () => {
  it('reads a comma list of phases from either annotation', () => {
    expect(
      hookPhases(configMap('a', { 'slipway.dev/hook': 'PreSync, PostSync' })),
    ).toEqual(['PreSync', 'PostSync']);
    expect(
      hookPhases(configMap('a', { 'argocd.argoproj.io/hook': 'SyncFail' })),
    ).toEqual(['SyncFail']);
    expect(hookPhases(configMap('a'))).toEqual([]);
  });

  it('names unknown phases, but not Skip, which is no hook phase', () => {
    const obj = configMap('a', {
      'slipway.dev/hook': 'PreSync,Skip,PostDeploy',
    });
    expect(hookPhases(obj)).toEqual(['PreSync']);
    expect(unknownHookPhases(obj)).toEqual(['PostDeploy']);
    const skip = configMap('b', { 'slipway.dev/hook': 'Skip' });
    expect(hookPhases(skip)).toEqual([]);
    expect(unknownHookPhases(skip)).toEqual([]);
  });
});

describe('compareForApply', () => {
  const sorted = (objects: KubernetesObject[]) =>
    labels([...objects].sort(compareForApply));

  it('orders namespaced kinds by the kind order, unknown kinds last', () => {
    const kinds = [
      'NetworkPolicy',
      'ResourceQuota',
      'LimitRange',
      'PodSecurityPolicy',
      'PodDisruptionBudget',
      'ServiceAccount',
      'Secret',
      'ConfigMap',
      'PersistentVolumeClaim',
      'Role',
      'RoleBinding',
      'Service',
      'DaemonSet',
      'Pod',
      'ReplicationController',
      'ReplicaSet',
      'Deployment',
      'HorizontalPodAutoscaler',
      'StatefulSet',
      'Job',
      'CronJob',
      'Ingress',
      'Widget',
    ];
    const objects = [...kinds]
      .reverse()
      .map(kind => inNs(manifest('v1', kind, 'x')));
    expect(sorted(objects)).toEqual(kinds.map(kind => `${kind} shop/x`));
  });

  it('orders cluster-scoped kinds the same way among themselves', () => {
    const kinds = [
      'Namespace',
      'StorageClass',
      'PersistentVolume',
      'CustomResourceDefinition',
      'ClusterRole',
      'ClusterRoleBinding',
      'IngressClass',
      'APIService',
      'MutatingWebhookConfiguration',
    ];
    const objects = [...kinds].reverse().map(kind => manifest('v1', kind, 'x'));
    expect(sorted(objects)).toEqual(kinds.map(kind => `${kind} x`));
  });

  it('puts every cluster-scoped object before every namespaced one, whatever its kind', () => {
    expect(
      sorted([
        inNs(manifest('v1', 'ServiceAccount', 'app')),
        manifest(
          'admissionregistration.k8s.io/v1',
          'ValidatingWebhookConfiguration',
          'check',
        ),
        manifest('rbac.authorization.k8s.io/v1', 'ClusterRole', 'reader'),
      ]),
    ).toEqual([
      'ClusterRole reader',
      'ValidatingWebhookConfiguration check',
      'ServiceAccount shop/app',
    ]);
  });

  it('breaks ties by namespace, then name; unknown kinds interleave by name', () => {
    expect(
      sorted([
        inNs(configMap('b'), 'alpha'),
        inNs(configMap('a'), 'beta'),
        inNs(configMap('a'), 'alpha'),
        inNs(manifest('example.com/v1', 'Widget', 'm')),
        inNs(manifest('example.com/v1', 'Gadget', 'z')),
        inNs(manifest('example.com/v1', 'Widget', 'a')),
      ]),
    ).toEqual([
      'ConfigMap alpha/a',
      'ConfigMap alpha/b',
      'ConfigMap beta/a',
      'Widget shop/a',
      'Widget shop/m',
      'Gadget shop/z',
    ]);
  });
});

describe('applyStages', () => {
  it('applies Namespaces and CRDs first whatever their wave, then one stage per wave, ascending', () => {
    const stages = applyStages([
      inNs(deployment('web')),
      inNs(configMap('settings', wave(-1))),
      inNs(service('web', wave(2))),
      namespace('shop', wave(5)),
      widgetCrd(),
      inNs(widget('gear', wave(2))),
    ]);
    expect(stages.map(labels)).toEqual([
      ['Namespace shop', 'CustomResourceDefinition widgets.example.com'],
      ['ConfigMap shop/settings'],
      ['Deployment shop/web'],
      ['Service shop/web', 'Widget shop/gear'],
    ]);
  });

  it('has no empty stages', () => {
    expect(applyStages([inNs(configMap('a', wave(7)))]).map(labels)).toEqual([
      ['ConfigMap shop/a'],
    ]);
    expect(applyStages([])).toEqual([]);
  });
});

describe('pruneOrder', () => {
  it('is apply order reversed: highest wave first, Namespaces and CRDs last', () => {
    expect(
      labels(
        pruneOrder([
          namespace('shop'),
          widgetCrd(),
          inNs(configMap('settings', wave(-1))),
          inNs(deployment('web')),
          inNs(service('web')),
          inNs(widget('gear', wave(1))),
        ]),
      ),
    ).toEqual([
      'Widget shop/gear',
      'Deployment shop/web',
      'Service shop/web',
      'ConfigMap shop/settings',
      'CustomResourceDefinition widgets.example.com',
      'Namespace shop',
    ]);
  });
});
