import { destinationsOn, writerOf } from './destinationsOn';

const destinations = [
  { cluster: '*', namespaces: ['shared-*'] },
  {
    cluster: 'prod-*',
    namespaces: ['team-a'],
    serviceAccount: 'team-a/deployer',
  },
  { cluster: '{dev,staging}', namespaces: ['team-a-dev'] },
];

describe('destinationsOn', () => {
  it.each([
    ['local', ['shared-*']],
    ['prod-eu', ['shared-*', 'team-a']],
    ['dev', ['shared-*', 'team-a-dev']],
    ['staging', ['shared-*', 'team-a-dev']],
  ])(
    'lists the destinations whose cluster glob covers %s',
    (cluster, namespaces) => {
      expect(
        destinationsOn(destinations, cluster).flatMap(d => d.namespaces),
      ).toEqual(namespaces);
    },
  );

  it('lists none when no glob covers the cluster', () => {
    expect(destinationsOn(destinations.slice(1), 'local')).toEqual([]);
  });

  it('treats a leading ! as a literal, never as a negation that grants', () => {
    expect(
      destinationsOn([{ cluster: '!prod', namespaces: ['x'] }], 'dev'),
    ).toEqual([]);
  });
});

describe('writerOf', () => {
  it('names the ServiceAccount, or Slipway itself without one', () => {
    expect(writerOf(destinations[1])).toBe('writes as team-a/deployer');
    expect(writerOf(destinations[0])).toBe(
      'writes as Slipway (no ServiceAccount)',
    );
  });
});
