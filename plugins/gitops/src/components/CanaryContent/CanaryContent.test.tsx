import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { CanaryContent } from './CanaryContent';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments', annotations },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

describe('CanaryContent', () => {
  it('shows the missing-annotation state without Slipway annotations', async () => {
    await renderInTestApp(
      <EntityProvider entity={entity({})}>
        <CanaryContent />
      </EntityProvider>,
    );
    expect(screen.getByText('Missing Annotation')).toBeInTheDocument();
  });

  it('tells how to enable a canary when no workload is named', async () => {
    await renderInTestApp(
      <EntityProvider entity={entity({ 'slipway.dev/repo': 'https://g/r.git' })}>
        <CanaryContent />
      </EntityProvider>,
    );
    expect(screen.getByText('No progressive delivery')).toBeInTheDocument();
  });

  it('names the canary workload', async () => {
    await renderInTestApp(
      <EntityProvider
        entity={entity({
          'slipway.dev/repo': 'https://g/r.git',
          'slipway.dev/canary': 'payments-api',
        })}
      >
        <CanaryContent />
      </EntityProvider>,
    );
    expect(screen.getByText('No rollout of payments-api yet')).toBeInTheDocument();
  });
});
