import { KIND_NAMES, KINDS, type KindReference, isKindName } from '../model/kinds.js'
import type { KindGraph } from './dependency-order.js'

/** The ordering graph from the kinds registry: protected flags and reference paths. */
export function registryGraph(): KindGraph {
  const rank = new Map<string, number>(KIND_NAMES.map((name, index) => [name, index]))
  const paths = new Map<string, ParsedReference[]>(KIND_NAMES.map(name => [
    name, KINDS[name].references.map(parseReference),
  ]))

  return {
    isProtected: kind => isKindName(kind) && KINDS[kind].protected,
    rank: kind => rank.get(kind) ?? KIND_NAMES.length,
    referencesOf: (resource) => {
      const ids: string[] = []
      for (const reference of paths.get(resource.kind) ?? []) {
        collect(resource, reference.segments, 0, (value) => {
          if (typeof value === 'string') ids.push(`${reference.kind}/${value}`)
        })
      }

      return ids
    },
  }
}

interface ParsedReference {
  kind: string
  /** The JSON pointer's segments; `*` stands for every item (or every value of a map). */
  segments: string[]
}

function parseReference(reference: KindReference): ParsedReference {
  return { kind: reference.kind, segments: reference.path.split('/').slice(1).map(unescape) }
}

function collect(
  value: unknown, segments: string[], depth: number, found: (value: unknown) => void,
): void {
  const head = segments[depth]
  if (head === undefined) {
    found(value)
    return
  }

  if (typeof value !== 'object' || value === null) return

  if (head === '*') {
    for (const child of Object.values(value)) collect(child, segments, depth + 1, found)
  } else {
    collect((value as Record<string, unknown>)[head], segments, depth + 1, found)
  }
}

function unescape(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~')
}
