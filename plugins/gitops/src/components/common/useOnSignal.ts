import { useEffect, useRef } from 'react';
import { useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';

/**
 * Calls `onSignal` on each ping of the channels, while the app has the
 * signals plugin; returns whether it has. Pings carry nothing: the caller
 * reads what changed through the REST API.
 */
export function useOnSignal(channels: string[], onSignal: () => void): boolean {
  const signals = useApiHolder().get(signalApiRef);
  const onSignalRef = useRef(onSignal);
  onSignalRef.current = onSignal;
  const channelList = channels.join('\n');
  useEffect(() => {
    if (!signals || !channelList) return undefined;
    const subscriptions = channelList
      .split('\n')
      .map(channel => signals.subscribe(channel, () => onSignalRef.current()));
    return () => subscriptions.forEach(s => s.unsubscribe());
  }, [signals, channelList]);
  return Boolean(signals) && channelList !== '';
}
