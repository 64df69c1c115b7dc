/**
 * Slipway's shared permissions, annotation keys and API types.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './permissions';
export * from './types';
export * from './rest';
/** The spec's own client and response wrapper, exported for their types. */
export type { DefaultApiClient, TypedResponse } from './schema/openapi';
