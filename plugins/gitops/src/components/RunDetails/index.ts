export { RunDetails } from './RunDetails';
