import { createHmac, timingSafeEqual } from 'node:crypto'

export type SecretStatus = 'changed' | 'unchanged' | 'unresolved'

/**
 * The server never returns a secret, only `hmac-sha256:<salt>:<digest>`. HMAC-ing the
 * value we hold with the same salt tells whether it differs, without either side showing
 * the other a value. An unreadable fingerprint counts as changed: sending the value again
 * is the safe side.
 */
export function compareToFingerprint(value: string, fingerprint: string): SecretStatus {
  const match = /^hmac-sha256:([A-Za-z0-9_-]+={0,2}):([0-9a-f]{64})$/.exec(fingerprint)
  if (match === null) return 'changed'

  const salt = Buffer.from(match[1] ?? '', 'base64url')
  const expected = Buffer.from(match[2] ?? '', 'hex')
  const actual = createHmac('sha256', salt).update(value, 'utf8').digest()
  return timingSafeEqual(actual, expected) ? 'unchanged' : 'changed'
}

/** The fingerprint a server would store; used by tests and the export round trip. */
export function fingerprintOf(value: string, salt: Buffer): string {
  const digest = createHmac('sha256', salt).update(value, 'utf8').digest('hex')
  return `hmac-sha256:${salt.toString('base64url')}:${digest}`
}
