export interface Config {
  slipway?: {
    /**
     * Basic-auth credentials for git servers that have no Backstage
     * integration, matched by host (with port). Every Slipway package that
     * reads or pushes git uses them before Backstage's `integrations`.
     */
    gitCredentials?: Array<{
      host: string;
      username: string;
      /** @visibility secret */
      password: string;
    }>;
  };
}
