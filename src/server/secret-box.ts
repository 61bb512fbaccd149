import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto'

const IV_BYTES = 12
const TAG_BYTES = 16

/**
 * AES-256-GCM for secret values at rest. The additional data binds each ciphertext to the
 * place it belongs to (tenant, resource and field), so a row copied elsewhere in the
 * database does not decrypt there.
 */
export class SecretBox {
  private readonly key: Buffer

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('the server key must be 32 bytes')
    this.key = key
  }

  /** base64 of iv | tag | ciphertext */
  seal(plaintext: string, boundTo: string): string {
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    cipher.setAAD(Buffer.from(boundTo, 'utf8'))
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')
  }

  open(sealed: string, boundTo: string): string {
    const raw = Buffer.from(sealed, 'base64')
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES))
    decipher.setAAD(Buffer.from(boundTo, 'utf8'))
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
    const body = decipher.update(raw.subarray(IV_BYTES + TAG_BYTES))
    return Buffer.concat([body, decipher.final()]).toString('utf8')
  }
}

/**
 * `hmac-sha256:<salt>:<hex>` with a fresh random salt: a client holding a value can tell
 * whether it differs (HMAC with the same salt), nobody can read the value from it, and two
 * resources with the same secret do not show the same fingerprint.
 */
export function fingerprint(value: string, salt: Buffer = randomBytes(16)): string {
  const digest = createHmac('sha256', salt).update(value, 'utf8').digest('hex')
  return `hmac-sha256:${salt.toString('base64url')}:${digest}`
}
