export interface Config {
  slipway?: {
    /**
     * The example permission policy of this portal. Service principals are
     * decided by Backstage before any policy runs (allowed, within their
     * `backend.auth.externalAccess` access restrictions), so there is no
     * setting for them here.
     */
    permissions?: {
      /**
       * Group entity refs whose members may do everything in Slipway.
       * @visibility backend
       */
      adminGroups?: string[];
    };
  };
}
