/**
 * JSON with object keys sorted, so that one content has one text: the stored body, its
 * digest in the audit log and the ETag-guarded version all stay the same whatever key
 * order a client happened to send.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedCopy(value)) ?? 'null'
}

/**
 * The value with the keys of every object in sorted order, sharing every part that already
 * is: native JSON.stringify then does the writing, twice as fast as a replacer function
 * (a changeset of 10,000 resources serialises each of them once).
 */
function sortedCopy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value

  if (Array.isArray(value)) {
    const items = value as unknown[]
    let copy: unknown[] | undefined
    for (let index = 0; index < items.length; index++) {
      const item = items[index]
      const sorted = sortedCopy(item)
      if (sorted !== item) {
        copy ??= [...items]
        copy[index] = sorted
      }
    }

    return copy ?? items
  }

  const record = value as Record<string, unknown>
  const keys = Object.keys(record)
  let inOrder = true
  for (let index = 1; inOrder && index < keys.length; index++) {
    inOrder = (keys[index - 1] ?? '') < (keys[index] ?? '')
  }

  // Copies have no prototype, so that a key named __proto__ stays an ordinary key.
  let copy: Record<string, unknown> | undefined = inOrder ? undefined : emptyRecord()
  for (const key of inOrder ? keys : keys.sort()) {
    const item = record[key]
    const sorted = sortedCopy(item)
    if (copy) copy[key] = sorted
    else if (sorted !== item) {
      copy = emptyRecord()
      for (const earlier of keys) {
        if (earlier === key) break
        copy[earlier] = record[earlier]
      }

      copy[key] = sorted
    }
  }

  return copy ?? record
}

function emptyRecord(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>
}
