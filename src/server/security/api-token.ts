import { createHash, randomBytes } from "node:crypto";

/** Every named API token starts with this, so a leaked one is recognised and redacted. */
export const API_TOKEN_PREFIX = "fwk_";

/** A fresh named API token: the prefix and 32 random bytes (base64url). */
export function generateApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
}

/** The SHA-256 (hex) that the store keeps instead of the token. */
export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
