import { ConflictError } from '@backstage/errors';

/**
 * A write refused (a ConflictError, so callers and the REST API treat it as one) because the lease it was made under moved to another
 * backend: that backend's state stands.
 */
export class LeaseLostError extends ConflictError {
  constructor(what: string, owner: string) {
    super(
      `${what}: the lease of ${owner} moved to another backend; its state stands`,
    );
  }
}
