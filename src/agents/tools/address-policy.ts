import { BlockList, isIP } from "node:net";
import { FlywheelError } from "../../errors/index.js";

// Addresses a network tool must not reach unless the user allowed them: loopback, private,
// link-local (cloud metadata at 169.254.169.254), shared, multicast, reserved, and the IPv6
// ranges that embed IPv4 (NAT64, 6to4). IPv4-mapped IPv6 (::ffff:127.0.0.1) matches the IPv4 rules.
const blocked = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
  ["100::", 64],
  ["2001:db8::", 32],
  ["2002::", 16],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const) {
  blocked.addSubnet(network, prefix, "ipv6");
}

/** Whether an IP address is loopback, private, link-local or otherwise not on the public internet. */
export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? "ipv4" : "ipv6");
}

/**
 * A set of addresses and CIDR ranges (`127.0.0.1`, `10.0.0.0/8`, `::1`) the user allowed;
 * anything else in the list (a host name, a bad prefix) is a config error.
 */
export function addressList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix, extra] = entry.split("/") as [string, string | undefined, string | undefined];
    const family = isIP(address);
    const bits = prefix === undefined ? undefined : Number(prefix);
    if (family === 0 || extra !== undefined || (bits !== undefined && (!/^\d+$/.test(prefix!) || bits > (family === 4 ? 32 : 128)))) {
      throw new FlywheelError({
        code: "config-invalid",
        message: `allowPrivateAddresses: "${entry}" is not an IP address or CIDR range`,
        hint: "list addresses such as 127.0.0.1 or ranges such as 10.0.0.0/8 under agents.tools.http_get.allowPrivateAddresses; host names go under allowHosts",
      });
    }
    const type = family === 4 ? "ipv4" : "ipv6";
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, bits, type);
  }
  return list;
}

/** Whether `address` is in `list`. */
export function inAddressList(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
}
