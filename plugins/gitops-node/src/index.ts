/**
 * Extension points for Slipway backend modules, and the rollout spec they work on.
 *
 * @packageDocumentation
 */
export * from './extensions';
export * from './types';
export * from './rolloutSpec';
export * from './projects';
