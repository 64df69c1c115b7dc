export { GitopsContent } from './GitopsContent';
