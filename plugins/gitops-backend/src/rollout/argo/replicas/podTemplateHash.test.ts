import {
  canonicalTemplateJson,
  podTemplateHash,
  safeEncode,
} from './podTemplateHash';

const PINNED = '84c4b7f5d8';
const PINNED_COLLISION_1 = '7b97f95789';

const template = {
  metadata: { labels: { app: 'web', tier: 'front' }, annotations: {} },
  spec: {
    containers: [
      { name: 'web', image: 'web:1', ports: [{ containerPort: 8080 }] },
    ],
    terminationGracePeriodSeconds: 30,
  },
};

describe('podTemplateHash', () => {
  it('is the same whatever the key order', () => {
    const reordered = {
      spec: {
        terminationGracePeriodSeconds: 30,
        containers: [
          { ports: [{ containerPort: 8080 }], image: 'web:1', name: 'web' },
        ],
      },
      metadata: { annotations: {}, labels: { tier: 'front', app: 'web' } },
    };
    expect(podTemplateHash(reordered)).toBe(podTemplateHash(template));
  });

  it('treats empty labels and annotations, nulls and undefined as absent', () => {
    const sparse = {
      metadata: { labels: { app: 'web', tier: 'front' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'web:1',
            ports: [{ containerPort: 8080 }],
            command: undefined,
            args: null,
          },
        ],
        terminationGracePeriodSeconds: 30,
        affinity: null,
      },
    };
    expect(podTemplateHash(sparse)).toBe(podTemplateHash(template));
  });

  it('changes with anything else in the template, array order included', () => {
    const hash = podTemplateHash(template);
    const changed = structuredClone(template);
    changed.spec.containers[0].image = 'web:2';
    expect(podTemplateHash(changed)).not.toBe(hash);
    const labelled = structuredClone(template);
    labelled.metadata.labels.tier = 'back';
    expect(podTemplateHash(labelled)).not.toBe(hash);
    const twoContainers = {
      metadata: {},
      spec: { containers: [{ name: 'a' }, { name: 'b' }] },
    };
    const swapped = {
      metadata: {},
      spec: { containers: [{ name: 'b' }, { name: 'a' }] },
    };
    expect(podTemplateHash(twoContainers)).not.toBe(podTemplateHash(swapped));
  });

  it('changes with the collision count, 0 included', () => {
    const hashes = new Set([
      podTemplateHash(template),
      podTemplateHash(template, 0),
      podTemplateHash(template, 1),
      podTemplateHash(template, 2),
    ]);
    expect(hashes.size).toBe(4);
  });

  it('is short and safe as a DNS label and a label value', () => {
    for (let i = 0; i < 200; i++) {
      const hash = podTemplateHash(template, i);
      expect(hash).toMatch(/^[4-9bcdf]{1,10}$/);
      expect(`web-${hash}`).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    }
  });

  // The pinned values were cross-checked with Go: hash/fnv's New32a over the
  // same canonical JSON (then the collision count via
  // binary.LittleEndian.PutUint32 into 8 bytes), printed through
  // apimachinery v0.36.3's rand.SafeEncodeString.
  it('never changes for a given template (a change would roll every rollout)', () => {
    expect(canonicalTemplateJson(template)).toBe(
      '{"metadata":{"labels":{"app":"web","tier":"front"}},"spec":{"containers":[{"image":"web:1","name":"web","ports":[{"containerPort":8080}]}],"terminationGracePeriodSeconds":30}}',
    );
    expect(podTemplateHash(template)).toBe(PINNED);
    expect(podTemplateHash(template, 1)).toBe(PINNED_COLLISION_1);
  });
});

describe('safeEncode', () => {
  it("maps digits as apimachinery's SafeEncodeString does", () => {
    expect(safeEncode('0123456789')).toBe('456789bcdf');
    // FNV-1a of the empty string, 2166136261, as Argo would print it.
    expect(safeEncode(String(0x811c9dc5))).toBe('65bb57b6b5');
  });
});
