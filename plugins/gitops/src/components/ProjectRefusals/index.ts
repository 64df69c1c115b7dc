export { RefusalList } from './RefusalList';
export { parseRefusals, summarizeRefusals } from './parseRefusals';
export type { ParsedRefusals, Refusal } from './parseRefusals';
