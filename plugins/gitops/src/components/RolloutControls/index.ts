export { RolloutControls } from './RolloutControls';
export { whyNotApplicable } from './actionAvailability';
