import { isResourcePermission } from '@backstage/plugin-permission-common';
import { gitopsPermissions, gitopsReadPermission } from './permissions';

describe('gitopsPermissions', () => {
  it('are all entity-scoped so policies can decide per owner', () => {
    for (const permission of gitopsPermissions) {
      expect(isResourcePermission(permission, 'catalog-entity')).toBe(true);
    }
  });

  it('have unique names in the gitops namespace', () => {
    const names = gitopsPermissions.map(p => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.every(n => n.startsWith('gitops.'))).toBe(true);
  });

  it('grant reading as a read action and everything else as an update', () => {
    expect(gitopsReadPermission.attributes.action).toBe('read');
    const writes = gitopsPermissions.filter(p => p !== gitopsReadPermission);
    expect(writes.map(p => p.attributes.action)).toEqual([
      'update',
      'update',
      'update',
    ]);
  });
});
