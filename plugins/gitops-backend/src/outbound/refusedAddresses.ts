import { BlockList, isIP } from 'node:net';

/**
 * Addresses no outbound call may reach, whatever a project allows: link-local
 * ranges (where cloud metadata services and their credentials live), the
 * metadata addresses themselves, and "this host" (0.0.0.0, ::). A
 * `BlockList` judges an IPv4-mapped IPv6 address (`::ffff:169.254.169.254`)
 * by the IPv4 rules, so that spelling cannot slip past.
 */
const RULES: Array<{ reason: string; add(list: BlockList): void }> = [
  {
    reason: 'a cloud metadata address',
    add: list => {
      list.addAddress('169.254.169.254', 'ipv4');
      list.addAddress('fd00:ec2::254', 'ipv6');
      list.addAddress('100.100.100.200', 'ipv4');
    },
  },
  {
    reason: 'a link-local address',
    add: list => {
      list.addSubnet('169.254.0.0', 16, 'ipv4');
      list.addSubnet('fe80::', 10, 'ipv6');
    },
  },
  {
    reason: 'an unspecified address',
    add: list => {
      list.addSubnet('0.0.0.0', 8, 'ipv4');
      list.addAddress('::', 'ipv6');
    },
  },
];

const LISTS = RULES.map(rule => {
  const list = new BlockList();
  rule.add(list);
  return { reason: rule.reason, list };
});

/** Why an IP address is never called, or undefined when it may be; non-IPs are not judged here. */
export function addressRefusal(address: string): string | undefined {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (!family) return undefined;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  return LISTS.find(({ list }) => list.check(bare, type))?.reason;
}
