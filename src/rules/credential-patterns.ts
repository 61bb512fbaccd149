/**
 * What a credential looks like when someone pastes one into a settings file: the published
 * formats of common providers' keys and tokens, and, for fields whose name says "secret",
 * text random enough to be one. Values found here are never printed, only named.
 */

interface KnownFormat {
  what: string
  pattern: RegExp
}

const KNOWN_FORMATS: readonly KnownFormat[] = [
  { what: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/ },
  { what: 'a GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{50,255})\b/ },
  { what: 'a Slack token', pattern: /\bxox[abposr]-[0-9A-Za-z-]{10,}/ },
  { what: 'a Slack webhook URL', pattern: /hooks\.slack\.com\/services\/T[0-9A-Z]+\/B[0-9A-Z]+\/[0-9A-Za-z]{8,}/ },
  { what: 'a private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/ },
  { what: 'a Stripe secret key', pattern: /\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{20,}\b/ },
  { what: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { what: 'an npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { what: 'a SendGrid API key', pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/ },
  { what: 'an OpenAI or Anthropic API key', pattern: /\bsk-(?:proj|ant-api\d\d)-[A-Za-z0-9_-]{20,}/ },
  { what: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
  { what: 'an Azure storage account key', pattern: /AccountKey=[A-Za-z0-9+/]{40,}={0,2}/ },
  { what: 'a password inside a URL', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@[^\s/@]/i },
]

/** One pass over each string; the formats are told apart only when it matches. */
const ANY_FORMAT = new RegExp(KNOWN_FORMATS.map(format => format.pattern.source).join('|'), 'i')

/** What kind of credential the text contains, if it contains a known one. */
export function knownCredential(text: string): string | undefined {
  if (text.length < 12 || !ANY_FORMAT.test(text)) return undefined

  return KNOWN_FORMATS.find(format => format.pattern.test(text))?.what
}

const SECRET_NAME = new RegExp([
  'pass(?:word|phrase)?', 'passwd', 'pwd', 'secret', 'token', 'credential', 'bearer',
  '(?:api|private|access|auth|signing)[-_]?key',
].join('|'), 'i')

/** Names that mention a secret but hold something else: where it is, what it is called. */
const NOT_A_SECRET = new RegExp(`(?:${[
  'url', 'uri', 'endpoint', 'ids?', 'env', 'names?', 'header', 'type', 'ref', 'file', 'path',
  'days', 'seconds', 'minutes', 'hours', 'ttl', 'length', 'algorithm', 'policy', 'rotation',
  'provider', 'enabled', 'required', 'description',
].join('|')})$`, 'i')

const secretLike = new Map<string, boolean>()

/** Whether a field of this name is meant to hold a secret value. */
export function isSecretLikeName(name: string): boolean {
  let known = secretLike.get(name)
  if (known === undefined) {
    known = SECRET_NAME.test(name) && !NOT_A_SECRET.test(name)
    secretLike.set(name, known)
  }

  return known
}

/** Shannon entropy in bits per character: ~4.7 for random base32, under 3 for most words. */
export function entropy(text: string): number {
  const counts = new Map<string, number>()
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1)

  let bits = 0
  for (const count of counts.values()) {
    const share = count / text.length
    bits -= share * Math.log2(share)
  }

  return bits
}

/** Random-looking text: long enough, no spaces, not a reference, above the entropy bar. */
export function looksRandom(text: string, minEntropy: number): boolean {
  if (text.length < 12 || /\s/.test(text) || /^(?:env|file):/.test(text)) return false

  return entropy(text) >= minEntropy
}
