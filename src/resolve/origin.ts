import { splitPointer } from '../load/locate.js'
import { escapePointer } from '../load/guard.js'
import type { Contribution } from './merge.js'
import type { ResolvedDocument } from './resolver.js'

export interface Origin {
  contribution: Contribution
  /** The same value's pointer inside the contributing document. */
  pointer: string
  /** True when a lock stopped this contribution's value. */
  stopped: boolean
}

/**
 * Every contribution that set the value at `pointer` of a resolved document, lowest first.
 * The last one not stopped by a lock is the one in effect.
 */
export function originsOf(
  document: ResolvedDocument,
  pointer: string,
  mergeKeys: ReadonlyMap<string, string>,
): Origin[] {
  const { contributions, blocked } = document.merged
  const origins: Origin[] = []
  contributions.forEach((contribution, index) => {
    const translated = translate(document.value, contribution.document.value, pointer, mergeKeys)
    if (translated === undefined) return

    const stops = blocked.get(index)
    const stopped = stops !== undefined && [...stops].some(stop => pointer === stop || pointer.startsWith(`${stop}/`))
    origins.push({ contribution, pointer: translated, stopped })
  })

  return origins
}

/**
 * The contribution that a problem at `pointer` should be reported at: the one whose value is
 * in effect there, or, when nobody set that exact value (a missing field), at its parent.
 */
export function effectiveOrigin(
  document: ResolvedDocument,
  pointer: string,
  mergeKeys: ReadonlyMap<string, string>,
): Origin {
  let current = pointer
  for (;;) {
    const effective = originsOf(document, current, mergeKeys)
      .filter(origin => !origin.stopped)
      .pop()
    if (effective) return effective

    if (current === '') break
    current = current.slice(0, current.lastIndexOf('/'))
  }

  const base = document.merged.contributions[document.merged.contributions.length - 1]!
  return { contribution: base, pointer: '', stopped: false }
}

/** Follows `pointer` through the merged value and the contribution side by side. */
function translate(
  merged: unknown,
  own: unknown,
  pointer: string,
  mergeKeys: ReadonlyMap<string, string>,
): string | undefined {
  let mergedNode = merged
  let ownNode = own
  let schemaPath = ''
  const parts: string[] = []
  for (const segment of splitPointer(pointer)) {
    if (Array.isArray(mergedNode) && Array.isArray(ownNode)) {
      const key = mergeKeys.get(schemaPath)
      const mergedItem: unknown = mergedNode[Number(segment)]
      let index = Number(segment)
      if (key !== undefined && isMap(mergedItem)) {
        index = ownNode.findIndex(item => isMap(item) && item[key] === mergedItem[key])
        if (index < 0) return undefined
      }

      if (index >= ownNode.length) return undefined
      mergedNode = mergedItem
      ownNode = ownNode[index]
      schemaPath += '/*'
      parts.push(String(index))
      continue
    }

    if (!isMap(ownNode) || !Object.prototype.hasOwnProperty.call(ownNode, segment)) return undefined
    mergedNode = isMap(mergedNode) ? mergedNode[segment] : undefined
    ownNode = ownNode[segment]
    schemaPath += `/${escapePointer(segment)}`
    parts.push(escapePointer(segment))
  }

  return parts.length === 0 ? '' : `/${parts.join('/')}`
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
