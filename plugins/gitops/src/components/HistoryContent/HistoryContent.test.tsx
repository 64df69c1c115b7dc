import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GitopsApp } from '@slipway/plugin-gitops-common';
import { GitopsApi, gitopsApiRef } from '../../api';
import {
  devApp,
  failedRun,
  paymentsEntity,
  prodApp,
} from '../../testing/fixtures';
import { timeElement } from '../../testing/timeElement';
import { HistoryContent } from './HistoryContent';

function render(api: Partial<GitopsApi>, pollIntervalMs?: number) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [gitopsApiRef, api],
        [
          permissionApiRef,
          mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
        ],
      ]}
    >
      <EntityProvider entity={paymentsEntity}>
        <HistoryContent pollIntervalMs={pollIntervalMs} />
      </EntityProvider>
    </TestApiProvider>,
  );
}

const tables = {
  listHistory: async () => ({ items: [failedRun], totalCount: 1 }),
  listAudit: async () => ({ items: [], totalCount: 0 }),
};

describe('HistoryContent', () => {
  it('shows each run with its start time and duration', async () => {
    await render({ listApps: async () => [devApp], ...tables });
    const row = (await screen.findByText(failedRun.message!)).closest(
      'tr',
    ) as HTMLElement;
    timeElement(row, failedRun.startedAt);
    expect(within(row).getByText('1 min 0 s')).toBeInTheDocument();
  });

  it('shows why the clusters could not be read, and reads them on Retry', async () => {
    const listApps = jest
      .fn<Promise<GitopsApp[]>, []>()
      .mockRejectedValueOnce(new Error('503 Service Unavailable'))
      .mockResolvedValue([devApp]);
    await render({ listApps, ...tables });
    const problem = await screen.findByRole('alert');
    expect(problem).toHaveTextContent(
      "Error: Could not load this entity's apps",
    );
    expect(problem).toHaveTextContent('503 Service Unavailable');
    await userEvent.click(
      within(problem).getByRole('button', { name: 'Retry' }),
    );
    expect(await screen.findByText('Sync runs on dev')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('keeps the selected cluster and its runs when a refresh fails', async () => {
    // The third read hangs until the test ends, holding the tab in its
    // "could not refresh" state while it is checked.
    const listApps = jest
      .fn<Promise<GitopsApp[]>, []>()
      .mockResolvedValueOnce([devApp, prodApp])
      .mockRejectedValueOnce(new Error('503 Service Unavailable'))
      .mockReturnValue(new Promise<GitopsApp[]>(() => {}));
    await render({ listApps, ...tables }, 50);
    await userEvent.click(await screen.findByRole('tab', { name: 'prod' }));
    expect(
      await screen.findByText("Warning: Could not refresh this entity's apps"),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'prod' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(screen.getByText('Sync runs on prod')).toBeInTheDocument();
  });
});
