export { RolloutRunsTable } from './RolloutRunsTable';
export { RolloutRunDetails } from './RolloutRunDetails';
export { RunResultLabel } from './RunResultLabel';
