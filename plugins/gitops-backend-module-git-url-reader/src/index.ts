/**
 * A urlReader for plain git servers over smart HTTP: the catalog (and
 * `catalog:register`) reads `<repo>.git/blob/<ref>/<path>` from the hosts in
 * `slipway.gitReader.allowedHosts`.
 *
 * @packageDocumentation
 */
export { gitHttpUrlReaderServiceFactory as default } from './gitHttpUrlReaderServiceFactory';
export { gitHttpUrlReaderServiceFactory } from './gitHttpUrlReaderServiceFactory';
