/** An outbound call Slipway would not make; it never reached the network. */
export class OutboundRefusedError extends Error {
  readonly name = 'OutboundRefusedError';
}
