import type { DocumentSource } from '../load/document.js'
import { escapePointer } from '../load/guard.js'

/**
 * A parsed document as the repository-wide rules read it: every string it holds, with the key
 * that holds it, collected in one walk that all those rules share. Pointers are worked out
 * only for the strings a rule reports.
 */
export class ScannedDocument {
  /** Every string value, depth first, in document order. */
  readonly strings: string[] = []
  /** The key (or list index) holding each string. */
  readonly keys: string[] = []

  constructor(readonly source: DocumentSource, readonly value: Record<string, unknown>) {
    const walk = (node: unknown, key: string): void => {
      if (typeof node === 'string') {
        this.strings.push(node)
        this.keys.push(key)
      } else if (Array.isArray(node)) {
        for (let index = 0; index < node.length; index++) walk(node[index], String(index))
      } else if (node !== null && typeof node === 'object') {
        const record = node as Record<string, unknown>
        for (const name in record) walk(record[name], name)
      }
    }

    walk(value, '')
  }

  /** The JSON pointer of the `index`-th string, found by walking again to it. */
  pointerOf(index: number): string {
    const path: string[] = []
    let seen = -1
    const walk = (node: unknown): boolean => {
      if (typeof node === 'string') return ++seen === index

      const entries: [string, unknown][] = Array.isArray(node)
        ? node.map((child: unknown, at) => [String(at), child])
        : node !== null && typeof node === 'object' ? Object.entries(node) : []
      for (const [name, child] of entries) {
        path.push(name)
        if (walk(child)) return true
        path.pop()
      }

      return false
    }

    walk(this.value)
    return path.map(segment => `/${escapePointer(segment)}`).join('')
  }
}
