export { AppActions } from './AppActions';
