import { escapePointer } from '../load/guard.js'

/** `spec.retentionDays` to `/spec/retentionDays`: how locks and explain name fields. */
export function dottedToPointer(path: string): string {
  return `/${path.split('.').map(escapePointer).join('/')}`
}

export function pointerToDotted(pointer: string): string {
  return pointer.slice(1).split('/').join('.')
}

/** The pointers of `value` that a lock's path (with `*` segments) names. */
export function valuesAt(value: unknown, lockPointer: string): string[] {
  const segments = lockPointer.slice(1).split('/')
  const found: string[] = []
  const walk = (node: unknown, depth: number, pointer: string): void => {
    if (depth === segments.length) {
      found.push(pointer)
      return
    }

    const segment = segments[depth]!
    const children: [string, unknown][] = Array.isArray(node)
      ? node.map((child, index) => [String(index), child])
      : isMap(node) ? Object.entries(node).map(([key, child]) => [escapePointer(key), child]) : []
    for (const [key, child] of children) {
      if ((segment === '*' || segment === key) && child !== undefined) {
        walk(child, depth + 1, `${pointer}/${key}`)
      }
    }
  }

  walk(value, 0, '')
  return found
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
