// The cluster class used to be called KubeCluster; the sync engine's tests still import that name.
export { Cluster as KubeCluster } from './Cluster';
