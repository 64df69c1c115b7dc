export interface Config {
  slipway?: {
    /**
     * Folder for the git caches, created with mode 0700; the reader keeps
     * its own under `url-reader/`. By default a fresh temporary folder with a
     * random name per process, so its path cannot be guessed.
     */
    cacheDir?: string;
    /**
     * Reading files (e.g. catalog-info.yaml) from plain git servers over
     * smart HTTP, at `<repo>.git/blob/<ref>/<path>` URLs, for every
     * plugin's urlReader.
     */
    gitReader?: {
      /** Hosts (with port) the reader serves, e.g. 127.0.0.1:18080; none by default. */
      allowedHosts?: string[];
      /** Largest file read, in bytes (default 5 MiB). */
      maxFileBytes?: number;
    };
  };
}
