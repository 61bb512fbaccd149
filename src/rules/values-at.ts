import { escapePointer } from '../load/guard.js'

export interface Located<T> {
  pointer: string
  value: T
}

/**
 * The values at a path such as `/spec/rates/* /country` (without the space), where `*` is
 * every item of a list or every entry of a mapping, each with its own JSON pointer.
 */
export function valuesAt(root: unknown, path: string): Located<unknown>[] {
  const found: Located<unknown>[] = []
  const walk = (node: unknown, segments: readonly string[], pointer: string): void => {
    if (segments.length === 0) {
      if (node !== undefined) found.push({ pointer, value: node })
      return
    }

    if (node === null || typeof node !== 'object') return

    const [head = '', ...rest] = segments
    if (head === '*') {
      for (const [key, child] of Object.entries(node)) walk(child, rest, `${pointer}/${escapePointer(key)}`)
    } else if (Object.hasOwn(node, head)) {
      walk((node as Record<string, unknown>)[head], rest, `${pointer}/${escapePointer(head)}`)
    }
  }

  walk(root, path.split('/').slice(1), '')
  return found
}

/**
 * Calls `visit` with every string in a value, depth first, in document order. The pointer is
 * built only when asked for (`at()`): most strings are looked at and let go, and this walks
 * every string of every document of a repository.
 */
export function visitStrings(
  node: unknown,
  visit: (value: string, key: string, at: () => string) => void,
  prefix = '',
): void {
  const path: string[] = []
  const at = (): string => prefix + path.map(segment => `/${escapePointer(segment)}`).join('')
  const walk = (current: unknown, key: string): void => {
    if (typeof current === 'string') {
      visit(current, key, at)
    } else if (Array.isArray(current)) {
      for (let index = 0; index < current.length; index++) {
        const name = String(index)
        path.push(name)
        walk(current[index], name)
        path.pop()
      }
    } else if (current !== null && typeof current === 'object') {
      const record = current as Record<string, unknown>
      for (const name in record) {
        path.push(name)
        walk(record[name], name)
        path.pop()
      }
    }
  }

  walk(node, '')
}
