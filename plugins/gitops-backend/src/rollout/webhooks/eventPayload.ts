/**
 * Metadata an `event` hook receives with each rollout event (docs/rollout-engine.md#webhooks);
 * the timestamp is Unix milliseconds as a string, as Flagger sends it.
 */
export function eventPayload(
  message: string,
  type: 'Normal' | 'Warning',
  at: Date,
): {
  eventMessage: string;
  eventType: 'Normal' | 'Warning';
  timestamp: string;
} {
  return {
    eventMessage: message,
    eventType: type,
    timestamp: String(at.getTime()),
  };
}
