import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LoadedContent } from './LoadedContent';
import { LoadState } from './loadState';

const readAt = Date.parse('2026-11-23T10:02:03.000Z');

function renderState(state: Partial<LoadState<string[]>>) {
  const retry = jest.fn();
  const rendered = renderInTestApp(
    <LoadedContent
      state={{ loading: false, retry, ...state }}
      what="the clusters"
    >
      {clusters => <p>Clusters: {clusters.join(', ')}</p>}
    </LoadedContent>,
  );
  return { rendered, retry };
}

describe('LoadedContent', () => {
  it('shows progress on the first load', async () => {
    await renderState({ loading: true }).rendered;
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(screen.queryByText(/^Clusters:/)).not.toBeInTheDocument();
  });

  it('shows a first load that failed with its reason and Retry', async () => {
    const { rendered, retry } = renderState({
      error: new Error('503 Service Unavailable'),
    });
    await rendered;
    const problem = screen.getByRole('alert');
    expect(problem).toHaveTextContent('Error: Could not load the clusters');
    expect(problem).toHaveTextContent('503 Service Unavailable');
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    await userEvent.click(
      within(problem).getByRole('button', { name: 'Retry' }),
    );
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('keeps the last value under a warning when a refresh failed', async () => {
    const { rendered, retry } = renderState({
      value: ['dev', 'prod'],
      updatedAt: readAt,
      error: new Error('gateway timeout'),
    });
    await rendered;
    expect(screen.getByText('Clusters: dev, prod')).toBeInTheDocument();
    const problem = screen.getByRole('alert');
    expect(problem).toHaveTextContent(
      'Warning: Could not refresh the clusters',
    );
    expect(problem).toHaveTextContent('gateway timeout');
    expect(problem).toHaveTextContent(/Showing what was read at /);
    expect(problem.querySelector('time')).toHaveAttribute(
      'title',
      '2026-11-23T10:02:03.000Z',
    );
    await userEvent.click(
      within(problem).getByRole('button', { name: 'Retry' }),
    );
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('says when live updates stopped, still showing the last value', async () => {
    await renderState({
      value: ['dev'],
      updatedAt: readAt,
      error: new Error('gateway timeout'),
      stopped: true,
    }).rendered;
    expect(screen.getByText('Clusters: dev')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Error: Live updates of the clusters stopped after repeated errors',
    );
  });

  it('disables Retry while a retry is under way', async () => {
    await renderState({
      value: ['dev'],
      error: new Error('gateway timeout'),
      loading: true,
    }).rendered;
    expect(screen.getByRole('button', { name: 'Retrying…' })).toBeDisabled();
  });

  it('shows only the content while the last load succeeded', async () => {
    await renderState({ value: [] }).rendered;
    expect(screen.getByText('Clusters:')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
