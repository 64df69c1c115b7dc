import dns, { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { addressRefusal } from './refusedAddresses';
import { OutboundRefusedError } from './OutboundRefusedError';

/**
 * Wraps name resolution so a socket never connects to a refused address: the
 * socket calls it right before connecting and connects to what it answers,
 * so the address judged is the address used (no window for DNS rebinding).
 * A name with any refused address is refused as a whole.
 */
export function refusingLookup(
  base: LookupFunction = dns.lookup as LookupFunction,
): LookupFunction {
  return (hostname, options, callback) => {
    base(hostname, { ...options, all: true }, (error, answer) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      const addresses = answer as unknown as LookupAddress[];
      for (const { address } of addresses) {
        const reason = addressRefusal(address);
        if (reason) {
          callback(
            new OutboundRefusedError(
              `'${hostname}' resolves to ${address}, ${reason}, which Slipway never calls`,
            ),
            '',
            0,
          );
          return;
        }
      }
      if (addresses.length === 0) {
        callback(
          Object.assign(new Error(`'${hostname}' has no address`), {
            code: 'ENOTFOUND',
          }),
          '',
          0,
        );
      } else if (options.all) {
        callback(null, addresses as never);
      } else {
        callback(null, addresses[0].address, addresses[0].family);
      }
    });
  };
}
