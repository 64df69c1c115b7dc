export { HistoryContent } from './HistoryContent';
