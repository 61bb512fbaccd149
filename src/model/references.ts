/**
 * Cross-kind references as data: which fields of a document name another resource. The
 * planner orders creates and deletes by them, and the rule pack checks that each names an
 * existing resource.
 */
import { KIND_NAMES, KINDS, type KindName } from './kinds.js'

export interface ResourceReference {
  /** JSON pointer of the referring value inside the document. */
  pointer: string
  kind: KindName
  name: string
}

function escape(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1')
}

function collect(
  value: unknown,
  segments: readonly string[],
  pointer: string,
  kind: KindName,
  found: ResourceReference[],
): void {
  if (segments.length === 0) {
    if (typeof value === 'string') found.push({ pointer, kind, name: value })
    return
  }

  if (value === null || typeof value !== 'object') return

  const [head = '', ...rest] = segments
  const entries: [string, unknown][] = head === '*'
    ? Object.entries(value)
    : Object.hasOwn(value, head) ? [[head, (value as Record<string, unknown>)[head]]] : []

  for (const [key, child] of entries) collect(child, rest, `${pointer}/${escape(key)}`, kind, found)
}

/** Every reference a document of a known kind makes, in document order. */
export function findReferences(document: { kind: string, spec?: unknown }): ResourceReference[] {
  const info = (KINDS as Partial<Record<string, (typeof KINDS)[KindName]>>)[document.kind]
  const found: ResourceReference[] = []

  for (const reference of info?.references ?? []) {
    collect(document, reference.path.split('/').slice(1), '', reference.kind, found)
  }

  return found
}

/**
 * Kinds ordered so that every kind comes after the kinds it references: create in this
 * order, delete in the reverse. Ties keep the registry's order.
 */
export function kindDependencyOrder(): KindName[] {
  const ordered: KindName[] = []
  const placed = new Set<KindName>()

  const place = (name: KindName, path: readonly KindName[]): void => {
    if (placed.has(name)) return
    if (path.includes(name)) throw new Error(`reference cycle: ${[...path, name].join(' -> ')}`)

    for (const reference of KINDS[name].references) place(reference.kind, [...path, name])
    placed.add(name)
    ordered.push(name)
  }

  for (const name of KIND_NAMES) place(name, [])
  return ordered
}
