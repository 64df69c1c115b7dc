import { blueGreenSpec, canarySpec } from './__testUtils__/specs';
import { EPHEMERAL_METADATA_ANNOTATION } from './constants';
import {
  ephemeralMetadataFor,
  ephemeralRole,
  injectedEphemeralMetadata,
  syncEphemeralMetadata,
  withEphemeralMetadata,
} from './ephemeralMetadata';
import type { ReplicaSet } from './types';

/*
 * Facts from Argo Rollouts v1.8.3, `utils/replicaset/canary_test.go`:
 * `TestSyncEphemeralPodMetadata`, `TestSyncReplicaSetEphemeralPodMetadata`,
 * `TestParseExistingPodMetadata`; roles from `rollout/ephemeralmetadata.go`.
 */

describe('syncEphemeralMetadata', () => {
  const metadata = {
    labels: { aaa: '111', 'do-not': 'touch', bbb: '222' },
    annotations: { ccc: '333', 'do-not': 'touch', ddd: '444' },
  };
  const existing = {
    labels: { aaa: '111', bbb: '222' },
    annotations: { ccc: '333', ddd: '444' },
  };

  it('changes nothing when the desired metadata is already there', () => {
    expect(syncEphemeralMetadata(metadata, existing, existing)).toEqual({
      metadata,
      modified: false,
    });
  });

  it('does not count removing keys that are already gone', () => {
    const extra = { ...existing, labels: { ...existing.labels, foo: 'bar' } };
    expect(syncEphemeralMetadata(metadata, extra, existing)).toEqual({
      metadata,
      modified: false,
    });
  });

  it('never touches metadata it did not inject', () => {
    const desired = { labels: { aaa: '222' }, annotations: { ccc: '444' } };
    expect(syncEphemeralMetadata(metadata, existing, desired)).toEqual({
      metadata: {
        labels: { aaa: '222', 'do-not': 'touch' },
        annotations: { ccc: '444', 'do-not': 'touch' },
      },
      modified: true,
    });
    // The input is not modified.
    expect(metadata.labels.bbb).toBe('222');
  });

  it('creates the maps it needs', () => {
    expect(
      syncEphemeralMetadata({}, undefined, {
        labels: { a: '1' },
        annotations: {},
      }),
    ).toEqual({ metadata: { labels: { a: '1' } }, modified: true });
  });
});

describe('withEphemeralMetadata', () => {
  const replicaSet: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: 'guestbook',
      namespace: 'default',
      annotations: {
        [EPHEMERAL_METADATA_ANNOTATION]:
          '{"labels":{"aaa":"111","bbb":"222"},"annotations":{"ccc":"333","ddd":"444"}}',
      },
    },
    spec: {
      replicas: 1,
      selector: {},
      template: {
        metadata: {
          labels: { aaa: '111', bbb: '222' },
          annotations: { ccc: '333', ddd: '444' },
        },
        spec: {},
      },
    },
  };

  it('is a no-op for the metadata already injected', () => {
    const out = withEphemeralMetadata(replicaSet, {
      labels: { aaa: '111', bbb: '222' },
      annotations: { ccc: '333', ddd: '444' },
    });
    expect(out.modified).toBe(false);
    expect(out.replicaSet).toBe(replicaSet);
  });

  it('replaces the injected metadata and records the new one', () => {
    const desired = { labels: { aaa: '111' }, annotations: { ccc: '333' } };
    const out = withEphemeralMetadata(replicaSet, desired);
    expect(out.modified).toBe(true);
    expect(out.replicaSet.spec.template.metadata.labels).toEqual(
      desired.labels,
    );
    expect(out.replicaSet.spec.template.metadata.annotations).toEqual(
      desired.annotations,
    );
    expect(
      out.replicaSet.metadata.annotations?.[EPHEMERAL_METADATA_ANNOTATION],
    ).toBe('{"labels":{"aaa":"111"},"annotations":{"ccc":"333"}}');
  });

  it('removes all of it, and the record, for no metadata', () => {
    const out = withEphemeralMetadata(replicaSet, undefined);
    expect(out.modified).toBe(true);
    expect(out.replicaSet.spec.template.metadata.labels).toEqual({});
    expect(out.replicaSet.spec.template.metadata.annotations).toEqual({});
    expect(
      out.replicaSet.metadata.annotations?.[EPHEMERAL_METADATA_ANNOTATION],
    ).toBeUndefined();
  });
});

describe('injectedEphemeralMetadata', () => {
  const withAnnotations = (annotations?: Record<string, string>) => ({
    metadata: { name: 'rs', annotations },
  });

  it('reads the record, or nothing when absent or unreadable', () => {
    expect(injectedEphemeralMetadata(withAnnotations())).toBeUndefined();
    expect(
      injectedEphemeralMetadata(withAnnotations({ foo: 'bar' })),
    ).toBeUndefined();
    expect(
      injectedEphemeralMetadata(
        withAnnotations({ [EPHEMERAL_METADATA_ANNOTATION]: 'foo' }),
      ),
    ).toBeUndefined();
    expect(
      injectedEphemeralMetadata(
        withAnnotations({
          [EPHEMERAL_METADATA_ANNOTATION]:
            '{"labels":{"foo":"bar"},"annotations":{"bar":"baz"}}',
        }),
      ),
    ).toEqual({ labels: { foo: 'bar' }, annotations: { bar: 'baz' } });
  });
});

describe('roles', () => {
  it('makes the new ReplicaSet the canary during an update, stable once rolled out', () => {
    expect(ephemeralRole('b', { newHash: 'b', stableHash: 'a' })).toBe(
      'canary',
    );
    expect(ephemeralRole('a', { newHash: 'b', stableHash: 'a' })).toBe(
      'stable',
    );
    expect(ephemeralRole('c', { newHash: 'b', stableHash: 'a' })).toBe('none');
    expect(ephemeralRole('b', { newHash: 'b', stableHash: 'b' })).toBe(
      'stable',
    );
    expect(ephemeralRole('b', { newHash: 'b' })).toBe('stable');
  });

  it("maps roles to the strategy's metadata", () => {
    const canary = canarySpec(1, {
      canaryMetadata: { labels: { r: 'c' }, annotations: {} },
      stableMetadata: { labels: { r: 's' }, annotations: {} },
    });
    expect(ephemeralMetadataFor(canary, 'canary')?.labels).toEqual({ r: 'c' });
    expect(ephemeralMetadataFor(canary, 'stable')?.labels).toEqual({ r: 's' });
    expect(ephemeralMetadataFor(canary, 'none')).toBeUndefined();
    const bg = blueGreenSpec(1, {
      previewMetadata: { labels: { r: 'p' }, annotations: {} },
      activeMetadata: { labels: { r: 'a' }, annotations: {} },
    });
    expect(ephemeralMetadataFor(bg, 'canary')?.labels).toEqual({ r: 'p' });
    expect(ephemeralMetadataFor(bg, 'stable')?.labels).toEqual({ r: 'a' });
  });
});
