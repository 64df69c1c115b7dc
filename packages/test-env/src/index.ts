export { startKube, stopKube } from './kube';
export type { LocalKube } from './kube';
