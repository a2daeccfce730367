// Network access with SSRF guards, shared by every feature that fetches a URL (the http_get
// tool, ingest): each address checked before connecting, the socket pinned to the checked
// address, every redirect hop checked the same way.
export { guardedGet } from "./guarded-get.js";
export type { GuardedGetOptions, GuardedGetResult, NetworkPolicy, ResolveHost } from "./guarded-get.js";
export { addressAllowed, addressKind, addressList, inAddressList, isNonPublicAddress } from "./address-policy.js";
export type { AddressAllowance, AddressKind } from "./address-policy.js";
export { NetworkPolicyError } from "./network-errors.js";
