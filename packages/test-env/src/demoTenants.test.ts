import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { demoTenantLayout } from './demoTenants';
import { repoRoot } from './repoRoot';

const config = (projects: unknown[]) => stringify({ slipway: { projects } });
const project = (destination: Record<string, unknown>, extra = {}) => ({
  name: 'shop',
  destinations: [destination],
  ...extra,
});

describe('demoTenantLayout', () => {
  it("reads the demo's teams from the repository's app-config.yaml", () => {
    const appConfig = fs.readFileSync(
      path.join(repoRoot(), 'app-config.yaml'),
      'utf8',
    );
    expect(demoTenantLayout(appConfig, 'local')).toEqual({
      systemNamespace: 'slipway-system',
      tenants: {
        'payments-team': { namespaces: ['payments'], namespaceObjects: true },
        platform: { namespaces: ['catalog'], namespaceObjects: true },
      },
    });
  });

  it('takes only destinations on the given cluster, and Namespace objects only when allowed', () => {
    const layout = demoTenantLayout(
      config([
        project({
          cluster: 'local',
          namespaces: ['shop'],
          serviceAccount: 'sys/shop-deployer',
        }),
        project(
          { cluster: 'prod', namespaces: ['x'], serviceAccount: 'other/x' },
          { clusterResourceAllowList: [{ kind: 'Namespace' }] },
        ),
      ]),
      'local',
    );
    expect(layout).toEqual({
      systemNamespace: 'sys',
      tenants: { shop: { namespaces: ['shop'], namespaceObjects: false } },
    });
  });

  it('refuses a ServiceAccount the demo would not create', () => {
    const layout = (serviceAccount?: string) => () =>
      demoTenantLayout(
        config([
          project({ cluster: 'local', namespaces: ['shop'], serviceAccount }),
        ]),
        'local',
      );
    expect(layout('sys/shop')).toThrow(
      "project 'shop': the demo creates destination ServiceAccounts named '<namespace>/<team>-deployer', not 'sys/shop'",
    );
    expect(layout(undefined)).toThrow(/not 'undefined'/);
  });

  it('refuses namespace globs and deployers spread over namespaces', () => {
    expect(() =>
      demoTenantLayout(
        config([
          project({
            cluster: 'local',
            namespaces: ['shop-*'],
            serviceAccount: 's/a-deployer',
          }),
        ]),
        'local',
      ),
    ).toThrow(
      "project 'shop': the demo creates namespaces by name, not the glob 'shop-*'",
    );
    expect(() =>
      demoTenantLayout(
        config([
          project({
            cluster: 'local',
            namespaces: ['a'],
            serviceAccount: 's/a-deployer',
          }),
          project({
            cluster: 'local',
            namespaces: ['b'],
            serviceAccount: 't/b-deployer',
          }),
        ]),
        'local',
      ),
    ).toThrow("deployers live in one namespace ('s'), not 't'");
  });
});
