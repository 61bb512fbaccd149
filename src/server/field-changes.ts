/**
 * The field paths (JSON pointers) where two versions of a resource differ, for the audit
 * log's `change` and so for drift's "who changed this field". A secret counts as one field:
 * a new value shows as a change of the secret's path, never as its parts.
 */
export function changedPaths(before: unknown, after: unknown, base = ''): string[] {
  const found: string[] = []
  collect(before, after, base, found)
  return found
}

/**
 * The paths changedPaths gives between nothing and `value` (or the other way round): its
 * top-level fields that hold something, without walking into them.
 */
export function topLevelPaths(value: unknown): string[] {
  if (!isPlainObject(value) || isSecret(value)) return ['']

  return Object.keys(value)
    .filter(key => value[key] !== undefined)
    .sort()
    .map(key => `/${escapePointer(key)}`)
}

function collect(before: unknown, after: unknown, path: string, found: string[]): void {
  if (before === after) return

  if (isSecret(before) || isSecret(after) || !sameShape(before, after)) {
    if (!deepEqual(before, after)) found.push(path)
    return
  }

  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length)
    for (let index = 0; index < length; index++) {
      collect(before[index], after[index], `${path}/${index}`, found)
    }

    return
  }

  const left = before as Record<string, unknown>
  const right = after as Record<string, unknown>
  const keys = new Set([...Object.keys(left), ...Object.keys(right)])
  for (const key of [...keys].sort()) {
    collect(left[key], right[key], `${path}/${escapePointer(key)}`, found)
  }
}

function sameShape(a: unknown, b: unknown): boolean {
  if (Array.isArray(a)) return Array.isArray(b)
  return isPlainObject(a) && isPlainObject(b)
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isSecret(value: unknown): boolean {
  return isPlainObject(value) && typeof value.secretRef === 'string'
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false

  const left = a as Record<string, unknown>
  const right = b as Record<string, unknown>
  const keys = Object.keys(left)
  if (keys.length !== Object.keys(right).length) return false
  return keys.every(key => deepEqual(left[key], right[key]))
}

/** RFC 6901: `~` and `/` inside a key. */
export function escapePointer(key: string): string {
  if (!key.includes('~') && !key.includes('/')) return key
  return key.replaceAll('~', '~0').replaceAll('/', '~1')
}
