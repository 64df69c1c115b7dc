import { formatTime, isoTime } from '../components/common';

/**
 * The `<time>` showing `at` inside `container`, asserting it reads as every
 * view shows a time: local date and time first, the exact ISO time on hover.
 */
export function timeElement(container: HTMLElement, at: string): HTMLElement {
  const iso = isoTime(at);
  const time = container.querySelector<HTMLElement>(`time[datetime="${iso}"]`);
  if (!time) throw new Error(`No <time> for ${iso} in the container`);
  expect(time).toHaveAttribute('title', iso);
  expect(time.textContent?.startsWith(formatTime(at))).toBe(true);
  return time;
}
