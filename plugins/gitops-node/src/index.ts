/**
 * Extension points for Slipway backend modules, the rollout spec they work on,
 * and the git layer they share: cached reads, pushes and credentials.
 *
 * @packageDocumentation
 */
export * from './extensions';
export * from './types';
export * from './rolloutSpec';
export * from './projects';
export * from './git';
