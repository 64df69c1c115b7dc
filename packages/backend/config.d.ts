export interface Config {
  slipway?: {
    /** The example permission policy of this portal. */
    permissions?: {
      /** Group entity refs whose members may do everything in Slipway. */
      adminGroups?: string[];
    };
  };
}
