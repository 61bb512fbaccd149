/** The value at a JSON pointer, or undefined; for showing what git and live hold. */
export function valueAtPointer(value: unknown, pointer: string): unknown {
  let current = value
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~')
    if (typeof current !== 'object' || current === null) return undefined

    current = (current as Record<string, unknown>)[segment]
  }

  return current
}
