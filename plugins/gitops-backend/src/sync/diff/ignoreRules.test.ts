import { deployment } from '../__fixtures__/workloads';
import { ignoredPointers, ruleMatches } from './ignoreRules';

describe('ignoreDifferences rules', () => {
  it('matches on group, kind, name and namespace; omitted means any', () => {
    expect(ruleMatches({ group: 'apps', kind: 'Deployment' }, deployment)).toBe(
      true,
    );
    expect(ruleMatches({ group: '', kind: 'Deployment' }, deployment)).toBe(
      false,
    );
    expect(ruleMatches({ kind: 'Deployment', name: 'api' }, deployment)).toBe(
      false,
    );
    expect(ruleMatches({ namespace: 'shop' }, deployment)).toBe(true);
    expect(ruleMatches({ kind: '*' }, deployment)).toBe(true);
  });

  it('collects the pointers of matching rules', () => {
    expect(
      ignoredPointers(
        [
          {
            group: 'apps',
            kind: 'Deployment',
            jsonPointers: ['/spec/replicas'],
          },
          { kind: 'Service', jsonPointers: ['/spec/clusterIP'] },
          { jsonPointers: ['/metadata/labels/team'] },
        ],
        deployment,
      ),
    ).toEqual(['/spec/replicas', '/metadata/labels/team']);
  });
});
