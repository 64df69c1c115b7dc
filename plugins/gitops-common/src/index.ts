/**
 * Slipway's shared permissions, annotation keys and API types.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './permissions';
export * from './types';
