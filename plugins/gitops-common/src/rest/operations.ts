import type { DefaultApiClient, TypedResponse } from '../schema/openapi';

/**
 * An operation of the REST API, named after its `operationId` in the
 * backend's `src/schema/openapi.yaml`.
 *
 * @public
 */
export type GitopsOperation = keyof DefaultApiClient;

/**
 * What an operation takes: its `path` parameters, `query` and `body`, as the
 * spec declares them.
 *
 * @public
 */
export type GitopsRequest<Op extends GitopsOperation> = Parameters<
  DefaultApiClient[Op]
>[0];

/**
 * What an operation answers when it succeeds, as the spec declares it.
 *
 * @public
 */
export type GitopsResponse<Op extends GitopsOperation> = Awaited<
  ReturnType<DefaultApiClient[Op]>
> extends TypedResponse<infer Body>
  ? Body
  : never;
