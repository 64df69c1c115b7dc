/**
 * Request headers from a MetricTemplate's `secretRef` data, as Flagger's
 * Prometheus provider reads it: `token` → bearer, `username` + `password` →
 * basic auth.
 */
export function metricAuthHeaders(
  secret: Record<string, string>,
  secretName: string,
): Record<string, string> {
  if (secret.token) return { Authorization: `Bearer ${secret.token}` };
  if (secret.username && secret.password) {
    const pair = Buffer.from(`${secret.username}:${secret.password}`);
    return { Authorization: `Basic ${pair.toString('base64')}` };
  }
  throw new Error(
    `secret ${secretName} has neither a token nor a username and password`,
  );
}
