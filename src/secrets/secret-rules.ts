/**
 * Key-shaped secrets, ported from the rule sets that secret scanners maintain: gitleaks
 * (`config/gitleaks.toml`, rule ids below) and secretlint (`@secretlint/secretlint-rule-*`).
 * Neither can run here: gitleaks is a Go binary and secretlint's rules run only through its
 * asynchronous linter, while redaction is synchronous and runs on every span attribute.
 *
 * Every pattern must run in linear time on any input, because traces and imported datasets
 * hold arbitrary text: a pattern starts at a word boundary or a literal, and any repeat that
 * is followed by something that can fail is bounded, so a failed attempt costs a constant.
 * `secret-rules.test.ts` runs each one over long adversarial strings.
 */

/** One kind of secret: where it comes from, a cheap pre-check and its pattern. */
export interface SecretRule {
  /** The rule id in the rule set it was ported from. */
  id: string;
  /** Lowercase strings of which at least one is in any text the pattern matches (as gitleaks' `keywords`). */
  keywords: readonly string[];
  /**
   * Global pattern. When it has a `secret` group, only that part is replaced and the
   * `keep` group before it (a scheme word, a `password=`) stays; otherwise the whole match is replaced.
   */
  pattern: RegExp;
}

// A quoted or unquoted assignment: `key=`, `key: `, `"key": "`, `key => '`.
const assign = String.raw`["']?\s{0,20}(?::|=>|=)\s{0,20}["']?`;

const passwordKey = "(?<![A-Za-z])(?:password|passwd|passphrase|pwd)";
const passwordKeywords = ["passw", "pwd"];

/** The secret rules `replaceSecrets` applies, in order. */
export const secretRules: readonly SecretRule[] = [
  // PEM blocks first: their base64 body may hold other shapes. Without an END line the rest is taken.
  {
    id: "gitleaks:private-key, secretlint:privatekey",
    keywords: ["private key"],
    pattern: /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----(?:[^-]|-(?!----))*(?:-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----)?/g,
  },
  // gitleaks: openai-api-key, anthropic-api-key, anthropic-admin-api-key (lengths relaxed to catch older and test keys).
  { id: "gitleaks:openai-api-key, anthropic-api-key", keywords: ["sk-"], pattern: /\bsk-[A-Za-z0-9_-]{16,}/g },
  { id: "gitleaks:stripe-access-token, secretlint:stripe", keywords: ["_test_", "_live_", "_prod_"], pattern: /\b[rs]k_(?:test|live|prod)_[A-Za-z0-9]{10,}/g },
  { id: "gitleaks:github-fine-grained-pat", keywords: ["github_pat_"], pattern: /\bgithub_pat_\w{82,}/g },
  { id: "gitleaks:github-pat, github-oauth, github-app-token, github-refresh-token", keywords: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"], pattern: /\bgh[pousr]_[A-Za-z0-9]{20,}/g },
  { id: "gitleaks:gitlab-pat", keywords: ["glpat-"], pattern: /\bglpat-[\w-]{20,}/g },
  { id: "gitleaks:slack-bot-token, slack-user-token, secretlint:slack", keywords: ["xox"], pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  { id: "gitleaks:aws-access-token, secretlint:aws AWSAccessKeyID", keywords: ["akia", "asia", "abia", "acca", "a3t"], pattern: /\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g },
  {
    id: "secretlint:aws AWSSecretAccessKey",
    keywords: ["secret"],
    pattern: new RegExp(String.raw`(?<keep>\b(?:aws)?_?secret_?access_?key${assign})(?<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])`, "gi"),
  },
  { id: "gitleaks:gcp-api-key", keywords: ["aiza"], pattern: /\bAIza[\w-]{30,}/g },
  // secretlint:gcp flags a service account file by its private_key_id and private_key; the key is a PEM block above.
  { id: "secretlint:gcp", keywords: ["private_key_id"], pattern: new RegExp(String.raw`(?<keep>private_key_id${assign})(?<secret>[a-f0-9]{40})(?![a-f0-9])`, "g") },
  // Flywheel's own named API tokens (`flywheel tokens create`): `fwk_` and 43 base64url characters.
  { id: "flywheel:api-token", keywords: ["fwk_"], pattern: /\bfwk_[A-Za-z0-9_-]{20,}/g },
  { id: "gitleaks:huggingface-access-token", keywords: ["hf_"], pattern: /\bhf_[A-Za-z0-9]{20,}/g },
  { id: "gitleaks:npm-access-token, secretlint:npm", keywords: ["npm_"], pattern: /\bnpm_[A-Za-z0-9]{36,}/g },
  { id: "gitleaks:twilio-api-key", keywords: ["sk"], pattern: /\bSK[0-9a-fA-F]{32}\b/g },
  { id: "gitleaks:sendgrid-api-token, secretlint:sendgrid", keywords: ["sg."], pattern: /\bSG\.[\w-]{22}\.[\w-]{43}/g },
  // gitleaks: jwt. The header is plain base64url of `{"`, so it starts with `ey`; the signature may be empty.
  { id: "gitleaks:jwt", keywords: ["ey"], pattern: /\bey[A-Za-z0-9]{15,}\.ey[A-Za-z0-9_-]{15,}\.[A-Za-z0-9_-]*/g },
  // gitleaks: generic-api-key, narrowed to passwords: a quoted value after `=` or `:` (JSON, YAML,
  // code), then an unquoted one after `=` (URL queries, .env files, command lines).
  { id: "gitleaks:generic-api-key (quoted password)", keywords: passwordKeywords, pattern: new RegExp(String.raw`(?<keep>${passwordKey}["']?\s{0,20}(?::|=)\s{0,20}["'])(?<secret>[^"'\r\n]+)`, "gi") },
  { id: "gitleaks:generic-api-key (password)", keywords: passwordKeywords, pattern: new RegExp(String.raw`(?<keep>${passwordKey}\s{0,20}=\s{0,20})(?<secret>[^\s"'&;,]+)`, "gi") },
  { id: "secretlint:basicauth (authorization headers)", keywords: ["bearer", "basic"], pattern: /(?<keep>\b(?:Bearer|Basic)\s{1,20})(?<secret>[A-Za-z0-9._~+/=-]{16,})/gi },
];
