import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { gitopsReadPermission } from '@internal/plugin-gitops-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { GitopsStore } from './database/GitopsStore';

const pageQuery = z.object({
  cluster: z.string().min(1),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** Dependencies of the REST API. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  store: GitopsStore;
}

/** Slipway's REST API under `/api/gitops`. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, catalog, store } = options;
  const router = Router();
  router.use(express.json({ limit: '100kb' }));

  // Resolves the entity in the URL as the caller sees it, then authorizes the
  // permission against it; nothing runs before both pass.
  async function authorizedEntityRef(
    req: Request<{ namespace: string; kind: string; name: string }>,
    permission: ResourcePermission<'catalog-entity'>,
  ): Promise<string> {
    const credentials = await httpAuth.credentials(req);
    const entity = await catalog.getEntityByRef(
      {
        kind: req.params.kind,
        namespace: req.params.namespace,
        name: req.params.name,
      },
      { credentials },
    );
    if (!entity) {
      throw new NotFoundError(
        `No entity '${req.params.kind}:${req.params.namespace}/${req.params.name}'`,
      );
    }
    const entityRef = stringifyEntityRef(entity);
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Permission '${permission.name}' denied on '${entityRef}'`,
      );
    }
    return entityRef;
  }

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/entities/:namespace/:kind/:name/apps', async (req, res) => {
    const entityRef = await authorizedEntityRef(req, gitopsReadPermission);
    res.json({ items: await store.listApps({ entityRef }) });
  });

  router.get('/entities/:namespace/:kind/:name/history', async (req, res) => {
    const entityRef = await authorizedEntityRef(req, gitopsReadPermission);
    const query = pageQuery.safeParse(req.query);
    if (!query.success) throw new InputError(query.error.toString());
    const { cluster, offset, limit } = query.data;
    res.json(await store.listRuns(`${entityRef}@${cluster}`, { offset, limit }));
  });

  return router;
}
