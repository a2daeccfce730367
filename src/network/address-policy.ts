import { BlockList, isIP } from "node:net";
import { FlywheelError } from "../errors/index.js";

/**
 * What an IP address reaches: the public internet; the user's own machine or network
 * (loopback, private, shared); a cloud metadata service (link-local, or a provider's fixed
 * address), which hands out credentials; or nothing routable (unspecified, multicast,
 * documentation, ranges that embed an IPv4 address by translation).
 */
export type AddressKind = "public" | "private" | "metadata" | "reserved";

function blockList(ranges: readonly (readonly [string, number])[]): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of ranges) list.addSubnet(network, prefix, isIP(network) === 4 ? "ipv4" : "ipv6");
  return list;
}

// Checked first: both fd00:ec2::254 (AWS over IPv6) and 100.100.100.200 (Alibaba) sit inside private ranges.
const metadata = blockList([
  ["169.254.0.0", 16],
  ["100.100.100.200", 32],
  ["fe80::", 10],
  ["fd00:ec2::254", 128],
]);
const privateRanges = blockList([
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["::1", 128],
  ["fc00::", 7],
]);
const reserved = blockList([
  ["0.0.0.0", 8],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
  ["::", 96],
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
  ["100::", 64],
  ["2001:db8::", 32],
  ["2002::", 16],
  ["fec0::", 10],
  ["ff00::", 8],
]);

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:127.0.0.1`, `::ffff:7f00:1`), else undefined. */
function mappedIPv4(address: string): string | undefined {
  if (isIP(address) !== 6) return undefined;
  // The URL parser writes every spelling of an IPv6 address one way: `::ffff:7f00:1`.
  const groups = /^\[::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})\]$/.exec(new URL(`http://[${address}]`).hostname);
  if (groups === null) return undefined;
  const [high, low] = [Number.parseInt(groups[1]!, 16), Number.parseInt(groups[2]!, 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

/** What an IP address reaches (see `AddressKind`); an IPv4-mapped IPv6 address counts as its IPv4 address, and anything that is not an IP address as reserved. */
export function addressKind(address: string): AddressKind {
  const family = isIP(address);
  if (family === 0) return "reserved";
  const ipv4 = mappedIPv4(address);
  if (ipv4 !== undefined) return addressKind(ipv4);
  const type = family === 4 ? "ipv4" : "ipv6";
  if (metadata.check(address, type)) return "metadata";
  if (privateRanges.check(address, type)) return "private";
  if (reserved.check(address, type)) return "reserved";
  return "public";
}

/** Whether an IP address is loopback, private, link-local or otherwise not on the public internet. */
export function isNonPublicAddress(address: string): boolean {
  return addressKind(address) !== "public";
}

/** Which non-public addresses a request may reach. */
export interface AddressAllowance {
  /** Loopback, private and shared ranges (never metadata or reserved ones). */
  allowPrivateNetwork?: boolean;
  /** Addresses and ranges the user listed one by one; these are reached whatever their kind. */
  allowedAddresses?: BlockList;
}

/** Whether a request may connect to `address`: public ones always; others when allowed (see `AddressAllowance`). */
export function addressAllowed(address: string, allowance: AddressAllowance): boolean {
  const kind = addressKind(address);
  if (kind === "public") return true;
  const listed = allowance.allowedAddresses;
  if (listed !== undefined && (inAddressList(listed, address) || inAddressList(listed, mappedIPv4(address) ?? address))) return true;
  return kind === "private" && allowance.allowPrivateNetwork === true;
}

/**
 * A set of addresses and CIDR ranges (`127.0.0.1`, `10.0.0.0/8`, `::1`) the user allowed;
 * anything else in the list (a host name, a bad prefix) is a config error, whose hint names
 * `configKey`, the setting the list came from.
 */
export function addressList(entries: readonly string[], configKey = "agents.tools.http_get.allowPrivateAddresses"): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix, extra] = entry.split("/") as [string, string | undefined, string | undefined];
    const family = isIP(address);
    const bits = prefix === undefined ? undefined : Number(prefix);
    if (family === 0 || extra !== undefined || (bits !== undefined && (!/^\d+$/.test(prefix!) || bits > (family === 4 ? 32 : 128)))) {
      throw new FlywheelError({
        code: "config-invalid",
        message: `allowPrivateAddresses: "${entry}" is not an IP address or CIDR range`,
        hint: `list addresses such as 127.0.0.1 or ranges such as 10.0.0.0/8 under ${configKey}; host names go under allowHosts`,
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
