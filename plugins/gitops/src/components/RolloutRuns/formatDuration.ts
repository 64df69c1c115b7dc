/** `4 min 5 s`, or `running` for a run that has not finished. */
export function formatDuration(startedAt: string, finishedAt?: string): string {
  if (!finishedAt) return 'running';
  const seconds = Math.max(
    0,
    Math.round((Date.parse(finishedAt) - Date.parse(startedAt)) / 1000),
  );
  const minutes = Math.floor(seconds / 60);
  return minutes ? `${minutes} min ${seconds % 60} s` : `${seconds} s`;
}
