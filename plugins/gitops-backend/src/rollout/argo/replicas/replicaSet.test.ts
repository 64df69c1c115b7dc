import { TRACKING_ANNOTATION } from '../../../kube/ownership';
import {
  canaryDoc,
  blueGreenDoc,
  specOf,
} from '../spec/__testUtils__/documents';
import {
  DESIRED_REPLICAS_ANNOTATION,
  EPHEMERAL_METADATA_ANNOTATION,
  POD_TEMPLATE_HASH_LABEL,
  REVISION_ANNOTATION,
} from './constants';
import { podTemplateHash } from './podTemplateHash';
import { replicaSetFor } from './replicaSet';
import { canarySpec } from './__testUtils__/specs';

describe('replicaSetFor', () => {
  const spec = specOf(
    canaryDoc(
      {
        steps: [{ setWeight: 20 }],
        canaryMetadata: { labels: { role: 'canary' } },
        stableMetadata: {
          labels: { role: 'stable' },
          annotations: { 'example.com/stable': 'yes' },
        },
      },
      {
        replicas: 4,
        minReadySeconds: 15,
        template: {
          metadata: {
            labels: { app: 'web' },
            annotations: { 'prometheus.io/scrape': 'true' },
          },
          spec: { containers: [{ name: 'web', image: 'web:2' }] },
        },
      },
    ),
  );
  const rollout = {
    spec,
    uid: 'uid-1',
    annotations: {
      'team.example.com/owner': 'payments',
      [REVISION_ANNOTATION]: '7',
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
      [TRACKING_ANNOTATION]: 'app:argoproj.io/Rollout:shop/web',
      'notified.notifications.argoproj.io': '{}',
    },
  };
  const hash = podTemplateHash(spec.template!);

  it('builds the ReplicaSet Argo creates: name, owner, labels, selector, annotations', () => {
    const rs = replicaSetFor(rollout, spec.template!, hash, 0, 3);
    expect(rs.apiVersion).toBe('apps/v1');
    expect(rs.kind).toBe('ReplicaSet');
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.metadata.namespace).toBe('shop');
    expect(rs.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        name: 'web',
        uid: 'uid-1',
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(rs.metadata.labels).toEqual({
      app: 'web',
      [POD_TEMPLATE_HASH_LABEL]: hash,
    });
    expect(rs.spec.selector).toEqual({
      matchLabels: { app: 'web', [POD_TEMPLATE_HASH_LABEL]: hash },
    });
    expect(rs.spec.replicas).toBe(0);
    expect(rs.spec.minReadySeconds).toBe(15);
    // The rollout's own annotations, less what Argo and Slipway never copy.
    expect(rs.metadata.annotations).toEqual({
      'team.example.com/owner': 'payments',
      [REVISION_ANNOTATION]: '3',
      [DESIRED_REPLICAS_ANNOTATION]: '4',
      [EPHEMERAL_METADATA_ANNOTATION]:
        '{"labels":{"role":"stable"},"annotations":{"example.com/stable":"yes"}}',
    });
  });

  it('labels the pods with the hash and keeps the template as written', () => {
    const rs = replicaSetFor(rollout, spec.template!, hash, 2, 1);
    expect(rs.spec.template.spec).toEqual({
      containers: [{ name: 'web', image: 'web:2' }],
    });
    expect(rs.spec.template.metadata.labels).toMatchObject({
      app: 'web',
      [POD_TEMPLATE_HASH_LABEL]: hash,
    });
    expect(rs.spec.template.metadata.annotations).toMatchObject({
      'prometheus.io/scrape': 'true',
    });
    expect(spec.template!.metadata.labels).toEqual({ app: 'web' });
  });

  it('gives the first ReplicaSet the stable metadata and a canary the canary metadata', () => {
    const first = replicaSetFor(rollout, spec.template!, hash, 0, 1);
    expect(first.spec.template.metadata.labels.role).toBe('stable');
    expect(first.spec.template.metadata.annotations).toEqual({
      'prometheus.io/scrape': 'true',
      'example.com/stable': 'yes',
    });

    const canary = replicaSetFor(rollout, spec.template!, hash, 0, 2, {
      stableHash: 'older',
    });
    expect(canary.spec.template.metadata.labels.role).toBe('canary');
    expect(canary.spec.template.metadata.annotations).toEqual({
      'prometheus.io/scrape': 'true',
    });
    expect(canary.metadata.annotations?.[EPHEMERAL_METADATA_ANNOTATION]).toBe(
      '{"labels":{"role":"canary"}}',
    );
    // The ReplicaSet's own labels never carry the ephemeral ones.
    expect(canary.metadata.labels?.role).toBeUndefined();

    const none = replicaSetFor(rollout, spec.template!, hash, 0, 2, {
      role: 'none',
    });
    expect(none.spec.template.metadata.labels.role).toBeUndefined();
    expect(
      none.metadata.annotations?.[EPHEMERAL_METADATA_ANNOTATION],
    ).toBeUndefined();
  });

  it('uses preview and active metadata for blue-green', () => {
    const bg = specOf(
      blueGreenDoc({
        activeService: 'web-active',
        previewMetadata: { labels: { role: 'preview' } },
        activeMetadata: { labels: { role: 'active' } },
      }),
    );
    const bgHash = podTemplateHash(bg.template!);
    const owner = { spec: bg, uid: 'u' };
    expect(
      replicaSetFor(owner, bg.template!, bgHash, 0, 1).spec.template.metadata
        .labels.role,
    ).toBe('active');
    expect(
      replicaSetFor(owner, bg.template!, bgHash, 0, 2, { stableHash: 'old' })
        .spec.template.metadata.labels.role,
    ).toBe('preview');
  });

  it('keeps the selector expressions and takes a workloadRef selector when given', () => {
    const base = canarySpec(2);
    const withExpressions = {
      ...base,
      selector: {
        matchLabels: { app: 'web' },
        matchExpressions: [
          { key: 'tier', operator: 'In' as const, values: ['front'] },
          { key: 'legacy', operator: 'DoesNotExist' as const, values: [] },
        ],
      },
    };
    const rs = replicaSetFor(
      { spec: withExpressions, uid: 'u' },
      base.template!,
      'h',
      0,
      1,
    );
    expect(rs.spec.selector).toEqual({
      matchLabels: { app: 'web', [POD_TEMPLATE_HASH_LABEL]: 'h' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['front'] },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    });

    const noSelector = { ...base, selector: undefined };
    expect(() =>
      replicaSetFor({ spec: noSelector, uid: 'u' }, base.template!, 'h', 0, 1),
    ).toThrow(/no selector/);
    const viaRef = replicaSetFor(
      { spec: noSelector, uid: 'u' },
      base.template!,
      'h',
      0,
      1,
      { selector: { matchLabels: { app: 'web' }, matchExpressions: [] } },
    );
    expect(viaRef.spec.selector.matchLabels).toEqual({
      app: 'web',
      [POD_TEMPLATE_HASH_LABEL]: 'h',
    });
  });

  describe('anti-affinity', () => {
    const affinityOf = (
      withRule: ReturnType<typeof canarySpec>,
      stableHash?: string,
    ) =>
      replicaSetFor(
        { spec: withRule, uid: 'u' },
        withRule.template!,
        'new',
        1,
        2,
        {
          stableHash,
        },
      ).spec.template.spec.affinity;
    const term = {
      labelSelector: {
        matchExpressions: [
          { key: POD_TEMPLATE_HASH_LABEL, operator: 'In', values: ['old'] },
        ],
      },
      topologyKey: 'kubernetes.io/hostname',
      namespaces: ['shop'],
    };

    it('keeps new pods off the stable pods’ nodes, preferred with its weight', () => {
      const preferred = canarySpec(2, {
        antiAffinity: { type: 'preferred', weight: 40 },
      });
      expect(affinityOf(preferred, 'old')).toEqual({
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 40, podAffinityTerm: term },
          ],
        },
      });
    });

    it('appends a required rule to the template’s own', () => {
      const base = canarySpec(2, { antiAffinity: { type: 'required' } });
      const own = {
        labelSelector: { matchLabels: { app: 'db' } },
        topologyKey: 'zone',
      };
      const withOwn = {
        ...base,
        template: {
          ...base.template!,
          spec: {
            ...base.template!.spec,
            affinity: {
              nodeAffinity: { x: 1 },
              podAntiAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: [own],
              },
            },
          },
        },
      };
      expect(affinityOf(withOwn, 'old')).toEqual({
        nodeAffinity: { x: 1 },
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [own, term],
        },
      });
      // The template itself is untouched.
      expect(
        (
          withOwn.template.spec.affinity.podAntiAffinity
            .requiredDuringSchedulingIgnoredDuringExecution as unknown[]
        ).length,
      ).toBe(1);
    });

    it('adds nothing without a distinct stable ReplicaSet or without antiAffinity', () => {
      const required = canarySpec(2, { antiAffinity: { type: 'required' } });
      expect(affinityOf(required)).toBeUndefined();
      expect(affinityOf(required, 'new')).toBeUndefined();
      expect(affinityOf(canarySpec(2), 'old')).toBeUndefined();
    });
  });
});
