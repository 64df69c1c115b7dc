export { checkTarget, outboundRequest, statusLine } from './outboundRequest';
export type {
  OutboundRequestOptions,
  OutboundResponse,
} from './outboundRequest';
export {
  operatorOutboundPolicy,
  projectOutboundPolicy,
} from './OutboundPolicy';
export type { OutboundPolicy } from './OutboundPolicy';
export { OutboundRefusedError } from './OutboundRefusedError';
export { addressRefusal } from './refusedAddresses';
export { refusingLookup } from './refusingLookup';
