import { PropsWithChildren } from 'react';
import { act, renderHook, waitFor } from '@testing-library/react';
import { TestApiProvider } from '@backstage/test-utils';
import { signalApiRef, SignalApi } from '@backstage/plugin-signals-react';
import { SIGNALLED_SLOWDOWN, usePolling } from './usePolling';

/** The signals plugin's client, without a WebSocket: `ping` delivers as the backend would. */
class FakeSignals {
  readonly listeners = new Map<string, Set<() => void>>();
  subscribe(channel: string, onMessage: () => void) {
    const set = this.listeners.get(channel) ?? new Set();
    set.add(onMessage);
    this.listeners.set(channel, set);
    return { unsubscribe: () => set.delete(onMessage) };
  }
  ping(channel: string) {
    this.listeners.get(channel)?.forEach(l => l());
  }
  channels() {
    return [...this.listeners].filter(([, l]) => l.size).map(([c]) => c);
  }
}

describe('usePolling with signals', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const advance = async (ms: number) => {
    await act(async () => {
      await jest.advanceTimersByTimeAsync(ms);
    });
  };
  const withSignals =
    (signals: FakeSignals) =>
    ({ children }: PropsWithChildren<{}>) =>
      (
        <TestApiProvider
          apis={[[signalApiRef, signals as unknown as SignalApi]]}
        >
          {children}
        </TestApiProvider>
      );

  it('loads again at once on a ping of its channel, and polls slower meanwhile', async () => {
    const signals = new FakeSignals();
    let n = 0;
    const load = jest.fn(async () => ++n);
    const { result } = renderHook(
      () =>
        usePolling(load, [], {
          intervalMs: 1000,
          signalChannels: ['slipway:app:component:default/shop@dev'],
        }),
      { wrapper: withSignals(signals) },
    );
    await waitFor(() => expect(result.current.value).toBe(1));
    expect(signals.channels()).toEqual([
      'slipway:app:component:default/shop@dev',
    ]);

    act(() => signals.ping('slipway:app:component:default/shop@dev'));
    await waitFor(() => expect(result.current.value).toBe(2));
    // Polling is the fallback now: every 3 s, not every second.
    await advance(1000 * SIGNALLED_SLOWDOWN - 1);
    expect(load).toHaveBeenCalledTimes(2);
    await advance(1);
    expect(load).toHaveBeenCalledTimes(3);
    // Another channel's ping is not this value's.
    act(() => signals.ping('slipway:app:component:default/other@dev'));
    await advance(0);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('loads once more after a load that pings arrived during, not once per ping', async () => {
    const signals = new FakeSignals();
    let release: () => void = () => undefined;
    let n = 0;
    const load = jest.fn(
      () =>
        new Promise<number>(resolve => {
          release = () => resolve(++n);
        }),
    );
    const { result } = renderHook(
      () => usePolling(load, [], { intervalMs: 60_000, signalChannels: ['c'] }),
      { wrapper: withSignals(signals) },
    );
    act(() => release());
    await waitFor(() => expect(result.current.value).toBe(1));
    act(() => signals.ping('c'));
    expect(load).toHaveBeenCalledTimes(2);
    // Three pings while the second load runs.
    act(() => ['c', 'c', 'c'].forEach(c => signals.ping(c)));
    expect(load).toHaveBeenCalledTimes(2);
    await act(async () => release());
    await waitFor(() => expect(load).toHaveBeenCalledTimes(3));
    await act(async () => release());
    await waitFor(() => expect(result.current.value).toBe(3));
    await advance(1000);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('subscribes to the channels its value names once it is loaded', async () => {
    const signals = new FakeSignals();
    const { result } = renderHook(
      () =>
        usePolling(async () => ['a@dev', 'a@prod'], [], {
          signalChannels: (keys?: string[]) =>
            (keys ?? []).map(k => `slipway:app:${k}`),
        }),
      { wrapper: withSignals(signals) },
    );
    await waitFor(() => expect(result.current.value).toHaveLength(2));
    expect(signals.channels()).toEqual([
      'slipway:app:a@dev',
      'slipway:app:a@prod',
    ]);
  });

  it('polls at the given interval where the app has no signals plugin', async () => {
    const load = jest.fn(async () => 'state');
    renderHook(() =>
      usePolling(load, [], { intervalMs: 1000, signalChannels: ['c'] }),
    );
    await waitFor(() => expect(load).toHaveBeenCalledTimes(1));
    await advance(1000);
    expect(load).toHaveBeenCalledTimes(2);
  });
});
