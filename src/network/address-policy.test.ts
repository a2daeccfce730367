import { describe, expect, it } from "vitest";
import { addressAllowed, addressKind, addressList } from "./address-policy.js";

describe("addressKind", () => {
  it.each([
    ["93.184.216.34", "public"],
    ["::ffff:93.184.216.34", "public"],
    ["::ffff:5db8:d822", "public"],
    ["2606:2800:220:1:248:1893:25c8:1946", "public"],
    ["127.0.0.1", "private"],
    ["::ffff:127.0.0.1", "private"],
    ["0:0:0:0:0:ffff:7f00:1", "private"],
    ["10.1.2.3", "private"],
    ["192.168.1.1", "private"],
    ["::1", "private"],
    ["fd12:3456::1", "private"],
    ["169.254.169.254", "metadata"],
    ["::ffff:169.254.169.254", "metadata"],
    ["169.254.170.2", "metadata"],
    ["fd00:ec2::254", "metadata"],
    ["100.100.100.200", "metadata"],
    ["fe80::1", "metadata"],
    ["0.0.0.0", "reserved"],
    ["::", "reserved"],
    ["::7f00:1", "reserved"],
    ["64:ff9b::7f00:1", "reserved"],
    ["224.0.0.1", "reserved"],
    ["localhost", "reserved"],
  ])("%s is %s (IPv4-mapped IPv6 counts as its IPv4 address)", (address, kind) => {
    expect(addressKind(address)).toBe(kind);
  });
});

describe("addressAllowed", () => {
  it("allows public addresses, and private ones only when allowed", () => {
    expect(addressAllowed("93.184.216.34", {})).toBe(true);
    expect(addressAllowed("127.0.0.1", {})).toBe(false);
    expect(addressAllowed("127.0.0.1", { allowPrivateNetwork: true })).toBe(true);
    expect(addressAllowed("::ffff:10.0.0.7", { allowPrivateNetwork: true })).toBe(true);
  });

  it("keeps cloud metadata and reserved addresses refused when private networks are allowed", () => {
    for (const address of ["169.254.169.254", "::ffff:a9fe:a9fe", "fd00:ec2::254", "100.100.100.200", "fe80::1", "0.0.0.0"]) {
      expect(addressAllowed(address, { allowPrivateNetwork: true }), address).toBe(false);
    }
  });

  it("allows what the user listed one by one, whatever its kind", () => {
    const allowedAddresses = addressList(["169.254.169.254", "10.0.0.0/8"]);
    expect(addressAllowed("169.254.169.254", { allowedAddresses })).toBe(true);
    expect(addressAllowed("::ffff:10.9.8.7", { allowedAddresses })).toBe(true);
    expect(addressAllowed("169.254.169.253", { allowedAddresses })).toBe(false);
    expect(addressAllowed("127.0.0.1", { allowedAddresses })).toBe(false);
  });
});
