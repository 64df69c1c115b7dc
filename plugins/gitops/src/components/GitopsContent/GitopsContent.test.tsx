import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { GitopsApi, gitopsApiRef } from '../../api';
import { GitopsContent } from './GitopsContent';

const annotated: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    annotations: {
      'slipway.dev/repo': 'https://git.example.test/gitops.git',
      'slipway.dev/clusters': 'dev',
    },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

const plain: Entity = {
  ...annotated,
  metadata: { name: 'legacy', annotations: {} },
};

function render(entity: Entity, api: Partial<GitopsApi>) {
  return renderInTestApp(
    <TestApiProvider apis={[[gitopsApiRef, api]]}>
      <EntityProvider entity={entity}>
        <GitopsContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('GitopsContent', () => {
  it('shows the missing-annotation state on an entity without Slipway annotations', async () => {
    const listApps = jest.fn();
    await render(plain, { listApps });
    expect(screen.getByText('Missing Annotation')).toBeInTheDocument();
    expect(screen.getAllByText(/slipway\.dev\/repo/).length).toBeGreaterThan(0);
    expect(listApps).not.toHaveBeenCalled();
  });

  it('shows sync status, health, revision and message per cluster', async () => {
    await render(annotated, {
      listApps: async () => [
        {
          key: 'component:default/payments@dev',
          entityRef: 'component:default/payments',
          cluster: 'dev',
          syncStatus: 'OutOfSync',
          healthStatus: 'Degraded',
          message: 'Deployment payments: 0 of 3 replicas available',
          revision: '3f2c1e9a7b5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b',
          commitMessage: 'Bump payments to 1.4.2\n\nFixes the retry storm',
          commitAuthor: 'Ada Lovelace',
          commitDate: '2026-11-23T09:58:00.000Z',
          pinnedRevision: '3f2c1e9a7b5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b',
          lastRunResult: 'Failed',
          updatedAt: '2026-11-23T10:00:00.000Z',
        },
      ],
    });
    expect(await screen.findByText('Cluster dev')).toBeInTheDocument();
    expect(screen.getByText('OutOfSync')).toBeInTheDocument();
    expect(screen.getByText('Degraded')).toBeInTheDocument();
    expect(screen.getByText('3f2c1e9a7b5d')).toBeInTheDocument();
    expect(screen.getByText(/^Bump payments to 1\.4\.2 \(Ada Lovelace, /)).toBeInTheDocument();
    expect(screen.getByText('Failed')).toBeInTheDocument();
    expect(
      screen.getByText('at 3f2c1e9a7b5d: auto-sync paused until unpinned'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Deployment payments: 0 of 3 replicas available'),
    ).toBeInTheDocument();
  });

  it('explains an entity that has not been reconciled yet', async () => {
    await render(annotated, { listApps: async () => [] });
    expect(await screen.findByText('Not reconciled yet')).toBeInTheDocument();
  });

  it('shows the backend error when the apps cannot be read', async () => {
    await render(annotated, {
      listApps: async () => {
        throw new Error("Permission 'gitops.app.read' denied");
      },
    });
    expect(
      await screen.findByText("Error: Permission 'gitops.app.read' denied"),
    ).toBeInTheDocument();
  });
});
