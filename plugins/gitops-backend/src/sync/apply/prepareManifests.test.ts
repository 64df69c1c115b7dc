import { FakeClusterApi } from '../../kube/__testUtils__/FakeClusterApi';
import { TRACKING_ANNOTATION } from '../../kube/ownership';
import { testProject } from '../../__testUtils__/testProject';
import { prepareManifests } from './prepareManifests';
import {
  APP,
  configMap,
  hook,
  job,
  manifest,
  namespace,
  NS,
  widget,
  widgetCrd,
} from './__testUtils__/syncFixtures';

const options = { appKey: APP, namespace: NS, project: testProject() };

describe('prepareManifests', () => {
  it("gives namespaced objects the app's namespace and takes it off cluster-scoped ones, which decides their place in apply order", async () => {
    const cluster = new FakeClusterApi();
    const { prepared, errors } = await prepareManifests(
      [
        configMap('settings'),
        manifest('v1', 'ConfigMap', 'elsewhere', { namespace: 'other' }),
        manifest('rbac.authorization.k8s.io/v1', 'ClusterRole', 'reader', {
          namespace: 'ignored',
        }),
      ],
      cluster,
      options,
    );
    expect(errors).toEqual([]);
    expect(prepared.map(p => p.id)).toEqual([
      '/ConfigMap/shop/settings',
      '/ConfigMap/other/elsewhere',
      'rbac.authorization.k8s.io/ClusterRole//reader',
    ]);
    expect(prepared[0].object.metadata.annotations?.[TRACKING_ANNOTATION]).toBe(
      `${APP}:/ConfigMap:shop/settings`,
    );
  });

  it('takes the scope of a custom resource from its CRD in the same sync, without asking the cluster', async () => {
    const cluster = new FakeClusterApi({ unservedKinds: ['Widget'] });
    const { prepared, errors } = await prepareManifests(
      [widget('gear'), widgetCrd()],
      cluster,
      options,
    );
    expect(errors).toEqual([]);
    expect(prepared.map(p => p.object.metadata.namespace)).toEqual([
      NS,
      undefined,
    ]);
    expect(cluster.log('isNamespaced')).toEqual([
      'isNamespaced apiextensions.k8s.io/CustomResourceDefinition',
    ]);
  });

  it('flags hooks, refuses unknown hook phases, and reports every problem at once', async () => {
    const cluster = new FakeClusterApi({ namespaces: [NS] });
    const { prepared, errors } = await prepareManifests(
      [
        job('migrate', hook('PreSync')),
        configMap('typo', hook('PreSynk')),
        configMap('settings'),
        configMap('settings'),
        manifest('v1', 'ConfigMap', 'outside', { namespace: 'kube-system' }),
        namespace('other'),
      ],
      cluster,
      options,
    );
    expect(prepared.map(p => [p.id, p.hook])).toEqual([
      ['batch/Job/shop/migrate', true],
      ['/ConfigMap/shop/settings', false],
    ]);
    expect(errors).toEqual([
      "ConfigMap shop/typo: unknown hook phase 'PreSynk'",
      'ConfigMap shop/settings is declared twice',
      "ConfigMap kube-system/outside: Namespace 'kube-system' is not allowed on cluster 'fake'",
      "Namespace other: Namespace 'other' is not allowed on cluster 'fake'",
    ]);
  });
});
