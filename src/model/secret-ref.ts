/**
 * The one marker of a secret: an object whose only key is `secretRef`. Every output (plans,
 * logs, --json) finds secrets this way, so no schema lookup is needed to mask them.
 */
export interface SecretRef {
  secretRef: string
}

export function isSecretRef(value: unknown): value is SecretRef {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false

  const keys = Object.keys(value)
  return keys.length === 1 && keys[0] === 'secretRef'
    && typeof (value as SecretRef).secretRef === 'string'
}

/**
 * API writes carry `{secretRef, value}`; the document schemas allow only `{secretRef}`. This
 * returns the document without the values (sharing every untouched branch) so that a write
 * body can be validated with the document schemas.
 */
export function withoutSecretValues(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value

  if (Array.isArray(value)) {
    const items = value.map(item => withoutSecretValues(item))
    return items.every((item, index) => item === value[index]) ? value : items
  }

  const record = value as Record<string, unknown>
  const keys = Object.keys(record)
  const isWrite = keys.length === 2 && typeof record.secretRef === 'string' && 'value' in record
  if (isWrite) return { secretRef: record.secretRef }

  let changed = false
  const entries = keys.map((key) => {
    const child = withoutSecretValues(record[key])
    changed ||= child !== record[key]
    return [key, child] as const
  })
  return changed ? Object.fromEntries(entries) : value
}
