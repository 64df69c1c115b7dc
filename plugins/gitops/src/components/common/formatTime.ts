/** A moment as the API sends it (ISO 8601) or as epoch milliseconds. */
export type Instant = string | number | Date;

function toMs(at: Instant): number {
  if (at instanceof Date) return at.getTime();
  return typeof at === 'number' ? at : Date.parse(at);
}

const DATE_TIME: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
};
const CLOCK: Intl.DateTimeFormatOptions = {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
};

// Formatters are costly to build and every table row needs one.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(options: Intl.DateTimeFormatOptions, locale?: string) {
  const key = `${locale ?? ''}|${options === CLOCK ? 'clock' : 'date'}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, f);
  }
  return f;
}

function format(
  at: Instant,
  options: Intl.DateTimeFormatOptions,
  locale?: string,
) {
  const ms = toMs(at);
  // An unreadable time is shown as sent rather than as "Invalid Date".
  return Number.isNaN(ms) ? String(at) : formatter(options, locale).format(ms);
}

/** Date and time of day in the viewer's locale and time zone, e.g. `23 Nov 2026, 10:02:03`. */
export function formatTime(at: Instant, locale?: string): string {
  return format(at, DATE_TIME, locale);
}

/** Time of day only, for chart axes whose day is plain from the context. */
export function formatClock(at: Instant, locale?: string): string {
  return format(at, CLOCK, locale);
}

/** The ISO 8601 form, for `title` and `dateTime` attributes. */
export function isoTime(at: Instant): string {
  const ms = toMs(at);
  return Number.isNaN(ms) ? String(at) : new Date(ms).toISOString();
}

// In seconds.
const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `just now`, `3 min ago`, `2 h ago`, `5 days ago`, or `in 4 min` for a moment ahead. */
export function formatRelative(at: Instant, now: number = Date.now()): string {
  const seconds = Math.round((now - toMs(at)) / 1000);
  const span = Math.abs(seconds);
  if (Number.isNaN(span)) return '';
  if (span < 45) return 'just now';
  let amount: string;
  if (span < HOUR) amount = `${Math.max(1, Math.floor(span / MINUTE))} min`;
  else if (span < DAY) amount = `${Math.floor(span / HOUR)} h`;
  else {
    const days = Math.floor(span / DAY);
    amount = `${days} ${days === 1 ? 'day' : 'days'}`;
  }
  return seconds >= 0 ? `${amount} ago` : `in ${amount}`;
}

/** A relative time helps within a day; beyond that the date says more. */
export function isRecent(at: Instant, now: number = Date.now()): boolean {
  return Math.abs(now - toMs(at)) < DAY * 1000;
}
