import type { Finding } from '../check/finding.js'
import { escapePointer } from '../load/guard.js'
import type { RawDocument } from '../load/raw-document.js'
import type { LayerInstance } from './layers.js'

/** One layer's document of a resource, as it takes part in a merge. */
export interface Contribution {
  document: RawDocument
  instance: LayerInstance
}

export interface Lock {
  pointer: string
  by: Contribution
  /** Where the lock is declared: the item of metadata.locked. */
  declared: string
}

/** Says where a value of a document is written, as `file:line`, for messages. */
export type Describe = (contribution: Contribution, pointer: string) => string

export interface Merged {
  /** The merged value; undefined when a tombstone removed the resource. */
  value: Record<string, unknown> | undefined
  /** The contributions the value is made of, lowest first (none before a tombstone). */
  contributions: Contribution[]
  /** Per contribution (by index), the pointers whose override a lock stopped. */
  blocked: Map<number, Set<string>>
  locks: Lock[]
  findings: Finding[]
}

type Json = Record<string, unknown>

/**
 * Merges one resource's documents from the lowest layer to the highest: mappings merge
 * deeply, lists are replaced unless the kind's schema gives them a merge key, a tombstone
 * (`metadata.deleted: true`) removes what is below it, and a path locked by a lower layer
 * keeps its value, with a finding at the line that tried to change it.
 */
export function mergeContributions(
  contributions: readonly Contribution[],
  mergeKeys: ReadonlyMap<string, string>,
  describe: Describe = ({ document }) => `${document.source.file}:${document.source.line}`,
): Merged {
  const result = emptyMerge()
  let owned = false

  for (const contribution of contributions) {
    const overlay = contribution.document.value
    const metadata = overlay.metadata as Json | undefined
    if (metadata?.deleted === true) {
      tombstone(result, contribution, describe)
      owned = false
      continue
    }

    if (result.value === undefined) {
      result.value = overlay
      owned = false
    } else {
      if (!owned) result.value = structuredClone(result.value)
      owned = true
      const blocked = new Set<string>()
      mergeInto(result.value, overlay, { pointer: '', from: '', schemaPath: '' }, { contribution, describe, mergeKeys, locks: result.locks, blocked, findings: result.findings })
      if (blocked.size > 0) result.blocked.set(result.contributions.length, blocked)
    }

    result.contributions.push(contribution)
    const locked = (metadata?.locked as string[] | undefined) ?? []
    locked.forEach((path, index) => {
      result.locks.push({ pointer: dottedToPointer(path), by: contribution, declared: `/metadata/locked/${index}` })
    })
  }

  if (result.value && (result.value.metadata as Json | undefined)?.locked !== undefined) {
    if (!owned) result.value = structuredClone(result.value)
    const locked = result.locks.map(lock => lock.pointer.slice(1).replace(/\//g, '.'))
    ;(result.value.metadata as Json).locked = [...new Set(locked)]
  }

  return result
}

export function emptyMerge(): Merged {
  return { value: undefined, contributions: [], blocked: new Map(), locks: [], findings: [] }
}

interface MergeContext {
  contribution: Contribution
  describe: Describe
  mergeKeys: ReadonlyMap<string, string>
  locks: readonly Lock[]
  blocked: Set<string>
  findings: Finding[]
}

/** Where the merge is: in the merged value, in the overriding document, and in the schema. */
interface Place {
  pointer: string
  from: string
  schemaPath: string
}

function child(place: Place, key: string | number, fromKey: string | number = key): Place {
  const isItem = typeof key === 'number'
  return {
    pointer: `${place.pointer}/${isItem ? key : escapePointer(key)}`,
    from: `${place.from}/${typeof fromKey === 'number' ? fromKey : escapePointer(fromKey)}`,
    schemaPath: `${place.schemaPath}/${isItem ? '*' : escapePointer(key)}`,
  }
}

function mergeInto(target: Json, overlay: Json, place: Place, context: MergeContext): void {
  for (const [key, value] of Object.entries(overlay)) {
    const next = child(place, key)
    if (next.pointer === '/metadata/locked') continue

    const current = target[key]
    if (isMap(current) && isMap(value)) {
      mergeInto(current, value, next, context)
      continue
    }

    const mergeKey = context.mergeKeys.get(next.schemaPath)
    if (Array.isArray(current) && Array.isArray(value) && mergeKey) {
      mergeList(current, value, mergeKey, next, context)
      continue
    }

    if (isStopped(next, current, value, context)) continue
    target[key] = structuredClone(value)
  }
}

function mergeList(
  target: unknown[],
  overlay: unknown[],
  mergeKey: string,
  place: Place,
  context: MergeContext,
): void {
  overlay.forEach((item, from) => {
    const key = isMap(item) ? item[mergeKey] : undefined
    const index = key === undefined
      ? -1
      : target.findIndex(existing => isMap(existing) && existing[mergeKey] === key)
    const existing = target[index]
    if (index >= 0 && isMap(existing) && isMap(item)) {
      mergeInto(existing, item, child(place, index, from), context)
      return
    }

    if (isStopped(child(place, target.length, from), undefined, item, context)) return
    target.push(structuredClone(item))
  })
}

/** True when a lock keeps `current`; records the finding at the overriding value. */
function isStopped(place: Place, current: unknown, value: unknown, context: MergeContext): boolean {
  const lock = context.locks.find(candidate => overlaps(candidate.pointer, place.pointer))
  if (!lock || JSON.stringify(current) === JSON.stringify(value)) return false

  context.blocked.add(place.pointer)
  context.findings.push({
    rule: 'layer/locked',
    severity: 'error',
    message: `${pointerToDotted(lock.pointer)} is locked by ${context.describe(lock.by, lock.declared)} `
      + `(layer ${lock.by.instance.folder}); this layer may not change it`,
    hint: `remove the override, or ask the owners of ${lock.by.instance.folder} to change it there`,
    source: context.contribution.document.source,
    pointer: place.from,
  })
  return true
}

function tombstone(result: Merged, contribution: Contribution, describe: Describe): void {
  const { source } = contribution.document
  if (result.value === undefined) {
    result.findings.push({
      rule: 'layer/tombstone-unused', severity: 'warning',
      message: 'this tombstone removes nothing: no lower layer defines the resource',
      hint: 'delete the document, or check its kind and name',
      source, pointer: '/metadata/deleted',
    })
    return
  }

  const lock = result.locks[0]
  if (lock) {
    result.findings.push({
      rule: 'layer/locked', severity: 'error',
      message: `the resource is locked by ${describe(lock.by, lock.declared)} `
        + `(layer ${lock.by.instance.folder}); this layer may not delete it`,
      source, pointer: '/metadata/deleted',
    })
    return
  }

  result.value = undefined
  result.contributions = []
  result.blocked = new Map()
}

function overlaps(lockPointer: string, pointer: string): boolean {
  return pointer === lockPointer || pointer.startsWith(`${lockPointer}/`) || lockPointer.startsWith(`${pointer}/`)
}

export function dottedToPointer(path: string): string {
  return `/${path.split('.').map(escapePointer).join('/')}`
}

export function pointerToDotted(pointer: string): string {
  return pointer.slice(1).split('/').join('.')
}

function isMap(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
