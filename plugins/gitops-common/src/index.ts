/**
 * Slipway's shared permissions, annotation keys and API types.
 *
 * @packageDocumentation
 */
import type * as GitopsSpec from './schema/openapi';

export * from './annotations';
export * from './permissions';
export * from './signals';
export * from './types';
export * from './rest';
/** The spec's own client and response wrapper, exported for their types. */
export type { DefaultApiClient, TypedResponse } from './schema/openapi';
// Every request and model the generated client names, under their spec names:
// the client's signatures use them, and several share a name with the
// hand-written types above.
export type { GitopsSpec };
