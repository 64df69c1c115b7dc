/** How long a run took, e.g. `9 s` or `4 min 5 s`; `running` while it has not finished. */
export function formatDuration(startedAt: string, finishedAt?: string): string {
  if (!finishedAt) return 'running';
  const seconds = Math.max(
    0,
    Math.round((Date.parse(finishedAt) - Date.parse(startedAt)) / 1000),
  );
  const minutes = Math.floor(seconds / 60);
  return minutes ? `${minutes} min ${seconds % 60} s` : `${seconds} s`;
}
