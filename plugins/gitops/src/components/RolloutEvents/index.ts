export { EventTimeline } from './EventTimeline';
