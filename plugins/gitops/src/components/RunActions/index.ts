export { RunActions, canReturnTo } from './RunActions';
