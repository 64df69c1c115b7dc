export { gitHttpUrlReaderServiceFactory } from './gitHttpUrlReaderServiceFactory';
export { GitHttpUrlReader } from './GitHttpUrlReader';
export { gitBlobContentsUrl } from './gitBlobUrl';
