import { escapePointer } from './field-changes.js'
import { type SecretBox, fingerprint } from './secret-box.js'

/** One secret found in a written resource: `{secretRef, value?}` at `pointer`. */
export interface IncomingSecret {
  pointer: string
  ref: string
  value?: string
  /** The object inside the stripped resource; it receives the fingerprint when stored. */
  slot: Record<string, unknown>
}

/** What the server keeps of one secret: never the value in clear. */
export interface StoredSecret {
  ref: string
  fingerprint: string
  sealed: string
}

export type StoredSecrets = Record<string, StoredSecret>

export interface SecretProblem {
  pointer: string
  message: string
}

/**
 * Turns a written resource into its git form in place (every secret as `{secretRef}`, which
 * is what the kind schemas describe) and returns the values that came with it. The body is
 * the request's own parse, so no copy is made. A fingerprint sent back from a read is
 * dropped: it says nothing the server does not know.
 */
export interface TakenSecrets {
  stripped: unknown
  secrets: IncomingSecret[]
  problems: SecretProblem[]
}

export function takeSecrets(resource: unknown): TakenSecrets {
  const secrets: IncomingSecret[] = []
  const problems: SecretProblem[] = []
  walk(resource, '', secrets, problems)
  return { stripped: resource, secrets, problems }
}

function walk(
  value: unknown, pointer: string, secrets: IncomingSecret[], problems: SecretProblem[],
): void {
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      walk(value[index], `${pointer}/${index}`, secrets, problems)
    }

    return
  }

  if (typeof value !== 'object' || value === null) return

  const record = value as Record<string, unknown>
  if (typeof record.secretRef === 'string') {
    takeOne(record, pointer, secrets, problems)
    return
  }

  for (const key in record) {
    const item = record[key]
    if (typeof item === 'object' && item !== null) {
      walk(item, `${pointer}/${escapePointer(key)}`, secrets, problems)
    }
  }
}

function takeOne(
  slot: Record<string, unknown>, pointer: string,
  secrets: IncomingSecret[], problems: SecretProblem[],
): void {
  const { value } = slot
  delete slot.value
  delete slot.fingerprint

  if (value !== undefined && (typeof value !== 'string' || value.length === 0)) {
    problems.push({ pointer: `${pointer}/value`, message: 'must be a non-empty string' })
  }

  secrets.push({
    pointer,
    ref: slot.secretRef as string,
    ...(typeof value === 'string' ? { value } : {}),
    slot,
  })
}

/**
 * Seals the values of a write. A secret sent without a value keeps the stored one when
 * its reference is unchanged; a value equal to the stored one keeps its fingerprint, so
 * re-sending a secret does not show as a change.
 */
export function sealSecrets(
  incoming: readonly IncomingSecret[], previous: StoredSecrets | null, box: SecretBox,
  boundTo: string,
): { stored: StoredSecrets, problems: SecretProblem[] } {
  const stored: StoredSecrets = {}
  const problems: SecretProblem[] = []

  for (const secret of incoming) {
    const before = previous?.[secret.pointer]
    const kept = before?.ref === secret.ref ? before : undefined
    const where = `${boundTo}${secret.pointer}`

    if (secret.value === undefined) {
      if (kept) stored[secret.pointer] = kept
      else problems.push({ pointer: secret.pointer, message: missingValue(secret.ref) })
      continue
    }

    stored[secret.pointer] = kept && box.open(kept.sealed, where) === secret.value
      ? kept
      : {
          ref: secret.ref,
          fingerprint: fingerprint(secret.value),
          sealed: box.seal(secret.value, where),
        }
  }

  for (const secret of incoming) {
    const entry = stored[secret.pointer]
    if (entry) secret.slot.fingerprint = entry.fingerprint
  }

  return { stored, problems }
}

function missingValue(ref: string): string {
  return `no value for secret ${ref}: the server holds none for this field and reference; `
    + 'send {secretRef, value}'
}

export function parseStoredSecrets(text: string | null): StoredSecrets | null {
  return text === null ? null : JSON.parse(text) as StoredSecrets
}
