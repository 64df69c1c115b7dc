export { WeightStepper } from './WeightStepper';
export { progressSteps } from './progressSteps';
export type { ProgressSteps } from './progressSteps';
