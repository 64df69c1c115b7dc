import type { Deployment } from '../../../kube/kubeTypes';
import { rolloutDoc, specOf } from '../spec/__testUtils__/documents';
import { WORKLOAD_GENERATION_ANNOTATION } from './constants';
import { podTemplateHash } from './podTemplateHash';
import { replicaSetFor } from './replicaSet';
import {
  resolveWorkloadRef,
  workloadRefDeploymentReplicas,
  type WorkloadRefProgress,
} from './workloadRef';

/*
 * Facts from Argo Rollouts v1.8.3: `rollout/templateref.go`,
 * `reconcileNewReplicaSet` (`rollout/replicaset.go`), `promoteStable`
 * (`rollout/sync.go`), `docs/migrating.md` (scaleDown never, onsuccess,
 * progressively).
 */

const refDoc = (scaleDown?: string, spec: Record<string, unknown> = {}) => {
  const doc = rolloutDoc() as { spec: Record<string, unknown> };
  delete doc.spec.template;
  delete doc.spec.selector;
  doc.spec = {
    ...doc.spec,
    replicas: 4,
    workloadRef: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'web',
      ...(scaleDown ? { scaleDown } : {}),
    },
    strategy: { canary: { steps: [{ setWeight: 20 }] } },
    ...spec,
  };
  return doc;
};

const deployment: Deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', generation: 7 },
  spec: {
    replicas: 4,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' }, annotations: { a: 'b' } },
      spec: { containers: [{ name: 'web', image: 'web:3' }] },
    },
  },
};

describe('resolveWorkloadRef', () => {
  it("copies the Deployment's pod template and selector, and records its generation", () => {
    const spec = specOf(refDoc());
    const { resolved, errors } = resolveWorkloadRef(spec, deployment);
    expect(errors).toEqual([]);
    expect(resolved).toEqual({
      template: {
        metadata: { labels: { app: 'web' }, annotations: { a: 'b' } },
        spec: { containers: [{ name: 'web', image: 'web:3' }] },
      },
      selector: { matchLabels: { app: 'web' }, matchExpressions: [] },
      annotations: { [WORKLOAD_GENERATION_ANNOTATION]: '7' },
    });
    // The copy is the rollout's own: ReplicaSets are built from it.
    const hash = podTemplateHash(resolved!.template);
    const rs = replicaSetFor(
      { spec, uid: 'u' },
      resolved!.template,
      hash,
      0,
      1,
      {
        selector: resolved!.selector,
      },
    );
    expect(rs.spec.template.spec).toEqual(deployment.spec.template.spec);
    expect(rs.spec.template.spec).not.toBe(deployment.spec.template.spec);
  });

  it("keeps the rollout's own selector when it has one", () => {
    const spec = specOf(
      refDoc(undefined, { selector: { matchLabels: { app: 'web' } } }),
    );
    expect(resolveWorkloadRef(spec, deployment).resolved?.selector).toEqual(
      spec.selector,
    );
  });

  it('refuses another Deployment, one without a template, and a selector that misses the pods', () => {
    const spec = specOf(refDoc());
    expect(
      resolveWorkloadRef(spec, { ...deployment, metadata: { name: 'api' } })
        .errors,
    ).toEqual([
      'spec.workloadRef: names apps/v1 Deployment web, got apps/v1 Deployment api',
    ]);
    const mismatched = specOf(
      refDoc(undefined, { selector: { matchLabels: { app: 'api' } } }),
    );
    expect(resolveWorkloadRef(mismatched, deployment).errors).toEqual([
      "spec.selector: does not match the labels of Deployment web's pod template",
    ]);
    const noTemplate = {
      ...deployment,
      spec: { selector: deployment.spec.selector },
    } as unknown as Deployment;
    expect(resolveWorkloadRef(spec, noTemplate).errors).toEqual([
      'spec.workloadRef: Deployment web has no pod template',
    ]);
  });
});

describe('workloadRefDeploymentReplicas', () => {
  const progress: WorkloadRefProgress = {
    revision: 1,
    healthy: false,
    readyReplicas: 0,
    newReplicaSet: { from: 0, to: 1 },
    deploymentReplicas: 4,
  };

  it('never touches the Deployment by default', () => {
    const spec = specOf(refDoc());
    expect(spec.workloadRef?.scaleDown).toBe('never');
    expect(
      workloadRefDeploymentReplicas(spec, {
        ...progress,
        healthy: true,
        readyReplicas: 4,
      }),
    ).toBeUndefined();
  });

  it('onsuccess: scales it to 0 once the rollout is healthy', () => {
    const spec = specOf(refDoc('onsuccess'));
    expect(
      workloadRefDeploymentReplicas(spec, { ...progress, readyReplicas: 3 }),
    ).toBeUndefined();
    expect(
      workloadRefDeploymentReplicas(spec, { ...progress, healthy: true }),
    ).toBe(0);
    expect(
      workloadRefDeploymentReplicas(spec, {
        ...progress,
        healthy: true,
        deploymentReplicas: 0,
      }),
    ).toBeUndefined();
  });

  it('progressively: shrinks it as the rollout’s pods get ready, grows it back if the rollout shrinks', () => {
    const spec = specOf(refDoc('progressively'));
    expect(workloadRefDeploymentReplicas(spec, progress)).toBeUndefined();
    expect(
      workloadRefDeploymentReplicas(spec, { ...progress, readyReplicas: 1 }),
    ).toBe(3);
    expect(
      workloadRefDeploymentReplicas(spec, {
        ...progress,
        readyReplicas: 4,
        deploymentReplicas: 1,
      }),
    ).toBe(0);
    expect(
      workloadRefDeploymentReplicas(spec, {
        ...progress,
        readyReplicas: 6,
        deploymentReplicas: 1,
      }),
    ).toBe(0);
    expect(
      workloadRefDeploymentReplicas(spec, {
        ...progress,
        readyReplicas: 0,
        newReplicaSet: { from: 2, to: 0 },
        deploymentReplicas: 2,
      }),
    ).toBe(4);
  });

  it('leaves the Deployment alone after the first revision', () => {
    for (const scaleDown of ['onsuccess', 'progressively']) {
      const spec = specOf(refDoc(scaleDown));
      expect(
        workloadRefDeploymentReplicas(spec, {
          ...progress,
          revision: 2,
          healthy: true,
          readyReplicas: 4,
        }),
      ).toBeUndefined();
    }
  });
});
