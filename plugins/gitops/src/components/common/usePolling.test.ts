import { act, renderHook, waitFor } from '@testing-library/react';
import { usePolling } from './usePolling';

describe('usePolling', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const advance = async (ms: number) => {
    await act(async () => {
      await jest.advanceTimersByTimeAsync(ms);
    });
  };

  it('loads at once, then again every interval, noting when it read', async () => {
    let n = 0;
    const load = jest.fn(async () => ++n);
    const { result } = renderHook(() =>
      usePolling(load, [], { intervalMs: 5000 }),
    );
    await waitFor(() => expect(result.current.value).toBe(1));
    const firstRead = result.current.updatedAt!;
    expect(Math.abs(firstRead - Date.now())).toBeLessThan(1000);
    await advance(4999);
    expect(load).toHaveBeenCalledTimes(1);
    await advance(1);
    expect(result.current.value).toBe(2);
    expect(result.current.updatedAt).toBe(firstRead + 5000);
  });

  it('keeps the last value on an error and stops after repeated errors until retried', async () => {
    let fail = false;
    const load = jest.fn(async () => {
      if (fail) throw new Error('503 Service Unavailable');
      return 'state';
    });
    const { result } = renderHook(() =>
      usePolling(load, [], { intervalMs: 1000, maxConsecutiveErrors: 3 }),
    );
    await waitFor(() => expect(result.current.value).toBe('state'));
    fail = true;
    await advance(1000);
    expect(result.current).toMatchObject({ value: 'state', stopped: false });
    expect(result.current.error?.message).toBe('503 Service Unavailable');
    await advance(2000);
    expect(result.current.stopped).toBe(true);
    expect(load).toHaveBeenCalledTimes(4);
    await advance(10_000);
    expect(load).toHaveBeenCalledTimes(4);

    fail = false;
    act(() => result.current.retry());
    // A retry shows as loading, over the value it keeps.
    expect(result.current).toMatchObject({ loading: true, value: 'state' });
    await waitFor(() => expect(result.current.stopped).toBe(false));
    expect(result.current.loading).toBe(false);
    expect(result.current.error).toBeUndefined();
    expect(load).toHaveBeenCalledTimes(5);
    await advance(1000);
    expect(load).toHaveBeenCalledTimes(6);
  });

  it('skips rounds while the browser tab is hidden', async () => {
    const load = jest.fn(async () => 'state');
    const visibility = jest.spyOn(document, 'visibilityState', 'get');
    renderHook(() => usePolling(load, [], { intervalMs: 1000 }));
    await waitFor(() => expect(load).toHaveBeenCalledTimes(1));
    visibility.mockReturnValue('hidden');
    await advance(3000);
    expect(load).toHaveBeenCalledTimes(1);
    visibility.mockReturnValue('visible');
    await advance(1000);
    expect(load).toHaveBeenCalledTimes(2);
    visibility.mockRestore();
  });

  it('stops polling when unmounted', async () => {
    const load = jest.fn(async () => 'state');
    const { unmount } = renderHook(() =>
      usePolling(load, [], { intervalMs: 1000 }),
    );
    await waitFor(() => expect(load).toHaveBeenCalledTimes(1));
    unmount();
    await advance(5000);
    expect(load).toHaveBeenCalledTimes(1);
  });
});
