/**
 * Extension points for Slipway backend modules.
 *
 * @packageDocumentation
 */
export * from './extensions';
export * from './types';
