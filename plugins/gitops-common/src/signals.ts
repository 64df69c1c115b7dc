/**
 * The signal channel of one app (`<entityRef>@<cluster>`): the backend pings
 * it when the app's status or sync runs change, and the GitOps and History
 * tabs reload at once. The ping carries no data: the tabs read what changed
 * through the REST API, which checks the reader's permissions.
 *
 * @public
 */
export function gitopsAppChannel(appKey: string): string {
  return `slipway:app:${appKey}`;
}

/**
 * The signal channel of one app's rollouts: pinged when a rollout's state,
 * runs or events change, so the Canary tab reloads at once.
 *
 * @public
 */
export function gitopsRolloutsChannel(appKey: string): string {
  return `slipway:app:${appKey}:rollouts`;
}

/**
 * The key of an entity's app on one cluster, as the REST API and the signal
 * channels name it.
 *
 * @public
 */
export function gitopsAppKey(entityRef: string, cluster: string): string {
  return `${entityRef}@${cluster}`;
}
