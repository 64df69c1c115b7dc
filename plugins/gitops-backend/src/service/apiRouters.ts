import { TypedRouter } from '@backstage/backend-openapi-utils';
import express, { RequestHandler } from 'express';
import Router from 'express-promise-router';
import { createOpenApiRouter, EndpointMap } from '../schema/openapi';

/** A router whose paths, params, query, bodies and answers are the spec's. */
export type ApiRouter = TypedRouter<EndpointMap>;

const isRead = (req: express.Request) =>
  req.method === 'GET' || req.method === 'HEAD';

// A webhook's signature covers its raw bytes, so only webhooks skip the JSON parser.
function bodyParser(webhookMaxBytes: number): RequestHandler {
  const raw = express.raw({ type: '*/*', limit: webhookMaxBytes });
  const json = express.json({ limit: '100kb' });
  return (req, res, next) =>
    (req.path.startsWith('/webhooks/') ? raw : json)(req, res, next);
}

// Bodies are parsed before the split: inside an OpenAPI router every error
// of its own middleware becomes a 400, and a body too large must stay a 413.
const bodyParsedAbove: RequestHandler = (_req, _res, next) => next();

/**
 * The REST API's two halves, both typed by `src/schema/openapi.yaml`, and
 * the router that sends each request to its half.
 *
 * Reads (GET) are validated against the spec before anything runs: their
 * params and query arrive coerced, with the spec's defaults filled in.
 * Writes (POST) are not: each authorizes and audits the attempt first and
 * checks its body afterwards, so a denied or unknown-app attempt is answered
 * 403 or 404 whatever it sent, and every allowed one is on record.
 */
export async function createApiRouters(options: {
  webhookMaxBytes: number;
}): Promise<{
  router: express.Router;
  reads: ApiRouter;
  writes: ApiRouter;
}> {
  const reads = await createOpenApiRouter({
    middleware: [bodyParsedAbove],
    validatorOptions: {
      // Unknown query parameters are ignored, as they always were.
      validateRequests: {
        coerceTypes: false,
        allowUnknownQueryParameters: true,
      },
    },
  });
  const writes = await createOpenApiRouter({
    middleware: [bodyParsedAbove],
    validatorOptions: { validateRequests: false },
  });
  const router = Router();
  router.use(bodyParser(options.webhookMaxBytes));
  router.use((req, res, next) =>
    (isRead(req) ? reads : writes)(req, res, next),
  );
  return { router, reads, writes };
}

/**
 * The query with the defaults the validator filled in from the spec; the
 * generated types cannot know a defaulted parameter is always there.
 */
export function withSpecDefaults<Q extends object, K extends keyof Q>(
  query: Q,
  keys: readonly K[],
): Q & { [P in K]-?: NonNullable<Q[P]> } {
  for (const key of keys) {
    if (query[key] === undefined) {
      const name = String(key);
      throw new Error(
        `Query parameter '${name}' has no value: the spec's validator did not run`,
      );
    }
  }
  return query as Q & { [P in K]-?: NonNullable<Q[P]> };
}
