import { REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION } from './constants';
import {
  byRevisionDescending,
  nextRevision,
  revisionOf,
  withRevision,
} from './revision';
import type { ReplicaSet } from './types';

const withAnnotations = (
  annotations: Record<string, string> = {},
): ReplicaSet => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'rs', annotations },
  spec: {
    replicas: 1,
    selector: {},
    template: { metadata: { labels: {} }, spec: {} },
  },
});
const rev = (r: string) => withAnnotations({ [REVISION_ANNOTATION]: r });

describe('revisions', () => {
  it('reads the revision annotation as a whole number', () => {
    expect(revisionOf(rev('12'))).toBe(12);
    expect(revisionOf(rev('x'))).toBeUndefined();
    expect(revisionOf(rev('1.5'))).toBeUndefined();
    expect(revisionOf(withAnnotations())).toBeUndefined();
  });

  it('numbers a new ReplicaSet one above the highest, skipping unreadable ones', () => {
    expect(nextRevision([])).toBe(1);
    expect(
      nextRevision([rev('3'), rev('7'), rev('bad'), withAnnotations()]),
    ).toBe(8);
  });

  it('bumps a reused ReplicaSet and keeps its old revision in the history', () => {
    const once = withRevision(rev('2'), 5);
    expect(once.metadata.annotations).toEqual({
      [REVISION_ANNOTATION]: '5',
      [REVISION_HISTORY_ANNOTATION]: '2',
    });
    const twice = withRevision(once, 9);
    expect(twice.metadata.annotations?.[REVISION_HISTORY_ANNOTATION]).toBe(
      '2,5',
    );
    // Never downwards, and no history for a ReplicaSet that had no revision.
    expect(withRevision(twice, 4)).toBe(twice);
    expect(withRevision(withAnnotations(), 3).metadata.annotations).toEqual({
      [REVISION_ANNOTATION]: '3',
    });
  });

  it('orders newest revision first, the newer of a tie first', () => {
    const list = [
      { name: 'a', revision: 1 },
      { name: 'b', revision: 3, creationTimestamp: '2024-01-01T00:00:00Z' },
      { name: 'c' },
      { name: 'd', revision: 3, creationTimestamp: '2024-02-01T00:00:00Z' },
    ];
    expect([...list].sort(byRevisionDescending).map(r => r.name)).toEqual([
      'd',
      'b',
      'a',
      'c',
    ]);
  });
});
