import { changedPaths } from './changedPaths';

describe('changedPaths', () => {
  it('lists differing leaves as JSON pointers', () => {
    expect(
      changedPaths(
        {
          spec: { replicas: 2, template: { containers: [{ image: 'a:1' }] } },
          metadata: { labels: { 'app.kubernetes.io/name': 'x' } },
        },
        {
          spec: {
            replicas: 3,
            template: { containers: [{ image: 'a:2' }, { image: 'b:1' }] },
          },
          metadata: { labels: {} },
        },
      ),
    ).toEqual([
      '/metadata/labels/app.kubernetes.io~1name',
      '/spec/replicas',
      '/spec/template/containers/0/image',
      '/spec/template/containers/1',
    ]);
  });

  it('is empty for equal values and the root for a missing side', () => {
    expect(changedPaths({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual(
      [],
    );
    expect(changedPaths(undefined, { a: 1 })).toEqual(['']);
  });
});
