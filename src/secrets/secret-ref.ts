/**
 * A secret in a document is an object whose only key is `secretRef`; that shape alone is
 * how every stage finds secrets. Live resources carry `{secretRef, fingerprint}` instead.
 */
export interface SecretRef {
  secretRef: string
}

export interface LiveSecret {
  secretRef: string
  fingerprint: string
}

export interface SecretLocation {
  /** Dotted path inside the resource, for example `spec.credentials.password`. */
  path: string
  ref: string
}

export function isSecretRef(value: unknown): value is SecretRef {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false

  const keys = Object.keys(value)
  return keys.length === 1 && keys[0] === 'secretRef'
    && typeof (value as SecretRef).secretRef === 'string'
}

export function isLiveSecret(value: unknown): value is LiveSecret {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false

  const candidate = value as Partial<LiveSecret>
  return typeof candidate.secretRef === 'string' && typeof candidate.fingerprint === 'string'
}

/** Every secret reference inside a value, with its path. */
export function findSecretRefs(value: unknown, path = ''): SecretLocation[] {
  const found: SecretLocation[] = []
  walk(value, path, found)
  return found
}

function walk(value: unknown, path: string, found: SecretLocation[]): void {
  if (isSecretRef(value)) {
    found.push({ path, ref: value.secretRef })
    return
  }

  if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, `${path}[${index}]`, found))
    return
  }

  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) walk(item, joinPath(path, key), found)
  }
}

export function joinPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`
}
