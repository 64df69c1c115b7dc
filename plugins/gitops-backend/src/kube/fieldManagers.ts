/** The field manager of every server-side apply the sync engine sends. */
export const FIELD_MANAGER = 'slipway';
/** The rollout engine's field manager: its fields never collide with the manifests'. */
export const ROLLOUT_FIELD_MANAGER = 'slipway-rollouts';
