export { DiffViewer } from './DiffViewer';
