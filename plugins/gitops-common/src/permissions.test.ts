import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  gitopsAppCreatePermission,
  gitopsPermissions,
  gitopsReadPermission,
} from './permissions';

describe('gitopsPermissions', () => {
  it('are entity-scoped so policies can decide per owner, except creating an app, whose entity does not exist yet', () => {
    for (const permission of gitopsPermissions) {
      expect(isResourcePermission(permission, 'catalog-entity')).toBe(
        permission !== gitopsAppCreatePermission,
      );
    }
    expect(gitopsAppCreatePermission).toMatchObject({
      type: 'basic',
      name: 'gitops.app.create',
    });
  });

  it('have unique names in the gitops namespace', () => {
    const names = gitopsPermissions.map(p => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.every(n => n.startsWith('gitops.'))).toBe(true);
  });

  it('grant reading as a read action, creating an app as a create and everything else as an update', () => {
    expect(gitopsReadPermission.attributes.action).toBe('read');
    expect(gitopsAppCreatePermission.attributes.action).toBe('create');
    const updates = gitopsPermissions.filter(
      p => p !== gitopsReadPermission && p !== gitopsAppCreatePermission,
    );
    expect(updates.map(p => p.attributes.action)).toEqual([
      'update',
      'update',
      'update',
    ]);
  });
});
