export { SyncButton, describeSync } from './SyncButton';
