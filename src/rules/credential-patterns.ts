/**
 * What a credential looks like when someone pastes one into a settings file: the published
 * formats of common providers' keys and tokens, and, for fields whose name says "secret",
 * text random enough to be one. Values found here are never printed, only named and masked.
 */

interface KnownFormat {
  what: string
  pattern: RegExp
  /**
   * The characters a match extends back over once found. A pattern that started with them
   * would be tried at every word of every file, which costs more than all the others.
   */
  before?: RegExp
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
  {
    what: 'a password inside a URL',
    pattern: /[A-Za-z0-9+.-]:\/\/[^\s/:@]+:[^\s/@]+@[^\s/@]/,
    before: /[A-Za-z0-9+.-]/,
  },
]

/**
 * Every format in one expression, each in a group of its own: one pass over a whole file
 * finds every credential and tells which format it has. The patterns hold no groups of
 * their own, so group n is format n.
 */
const ANY_FORMAT = new RegExp(
  KNOWN_FORMATS.map(format => `(${format.pattern.source})`).join('|'),
  'g',
)

/** A credential found in a text: where it starts, how long it is, what kind it is. */
export interface CredentialMatch {
  offset: number
  length: number
  what: string
  /** The first characters and the length only: the value itself is never printed. */
  masked: string
}

/** Every credential of a known format in `text`, in order, found in one pass. */
export function findCredentials(text: string): CredentialMatch[] {
  const found: CredentialMatch[] = []
  ANY_FORMAT.lastIndex = 0
  for (let match = ANY_FORMAT.exec(text); match !== null; match = ANY_FORMAT.exec(text)) {
    const group = match.findIndex((part, index) => index > 0 && part !== undefined)
    const format = KNOWN_FORMATS[group - 1]!
    const offset = format.before ? startOf(text, match.index, format.before) : match.index
    if (offset < 0) continue

    const value = text.slice(offset, match.index + match[0].length)
    found.push({ offset, length: value.length, what: format.what, masked: mask(value) })
  }

  return found
}

/** What kind of credential the text contains, if it contains a known one. */
export function knownCredential(text: string): string | undefined {
  if (text.length < 12) return undefined

  return findCredentials(text)[0]?.what
}

/** Where a URL's scheme starts, going back from its last character; -1 without a letter. */
function startOf(text: string, end: number, chars: RegExp): number {
  let start = end
  while (start > 0 && chars.test(text[start - 1]!)) start--
  while (start <= end && !/[A-Za-z]/.test(text[start]!)) start++
  return start <= end ? start : -1
}

/**
 * Enough to find the value in the file, too little to use it: the published prefix of the
 * format (AKIA, ghp_), at most a fifth of the value, and its length.
 */
function mask(value: string): string {
  const shown = Math.min(4, Math.floor(value.length / 5))
  return `${value.slice(0, shown)}... (${value.length} characters)`
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
