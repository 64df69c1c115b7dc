import {
  formatRelative,
  formatTime,
  Instant,
  isoTime,
  isRecent,
} from './formatTime';
import { useNow } from './useNow';

/**
 * A moment as every view shows it: local date and time, with how long ago
 * (or ahead) when that is within a day, and the exact ISO time on hover.
 */
export const Time = ({ at }: { at: Instant }) => {
  const now = useNow();
  const iso = isoTime(at);
  return (
    <time dateTime={iso} title={iso}>
      {formatTime(at)}
      {isRecent(at, now) && ` (${formatRelative(at, now)})`}
    </time>
  );
};
