import type { Finding } from '../check/finding.js'
import { escapePointer } from '../load/guard.js'
import type { RawDocument } from '../load/raw-document.js'
import { dottedToPointer, pointerToDotted, valuesAt } from './dotted-path.js'
import type { LayerInstance } from './layers.js'

/** One layer's document of a resource, as it takes part in a merge. */
export interface Contribution {
  document: RawDocument
  instance: LayerInstance
}

export interface Lock {
  /** The locked path; a `*` segment matches any key or item. */
  pointer: string
  by: Contribution
  /** Where the lock is declared: the item of metadata.locked, or of a Governance rule. */
  declared: string
  /** Set when a Governance document reserves the path to its layer. */
  governance?: { id: string, reason?: string }
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
  /** The Governance locks on the resource, which bind every layer but their own. */
  reserved: Lock[]
  findings: Finding[]
}

type Json = Record<string, unknown>

export { dottedToPointer, pointerToDotted }

/**
 * Merges one resource's documents from the lowest layer to the highest: mappings merge
 * deeply, lists are replaced unless the kind's schema gives them a merge key, a tombstone
 * (`metadata.deleted: true`) removes what is below it, and a path locked by a lower layer
 * keeps its value, with a finding at the line that tried to change it. `reserved` are the
 * Governance locks: they also stop a higher layer that creates the resource from setting
 * the path.
 */
export function mergeContributions(
  contributions: readonly Contribution[],
  mergeKeys: ReadonlyMap<string, string>,
  describe: Describe = ({ document }) => `${document.source.file}:${document.source.line}`,
  reserved: readonly Lock[] = [],
): Merged {
  const result = { ...emptyMerge(), reserved: [...reserved] }
  let owned = false

  for (const contribution of contributions) {
    const overlay = contribution.document.value
    const metadata = overlay.metadata as Json | undefined
    const binding = reserved.filter(lock => !sameInstance(lock.by.instance, contribution.instance))
    if (metadata?.deleted === true) {
      tombstone(result, contribution, describe, binding)
      owned = false
      continue
    }

    if (result.value === undefined) {
      result.value = overlay
      owned = false
      reportReserved(overlay, binding, contribution, describe, result.findings)
    } else {
      if (!owned) result.value = structuredClone(result.value)
      owned = true
      const blocked = new Set<string>()
      const locks = [...result.locks, ...binding]
      mergeInto(result.value, overlay, { pointer: '', from: '', schemaPath: '' }, { contribution, describe, mergeKeys, locks, blocked, findings: result.findings })
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
  return {
    value: undefined, contributions: [], blocked: new Map(), locks: [], reserved: [], findings: [],
  }
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
    rule: lock.governance ? 'layer/governed' : 'layer/locked',
    severity: 'error',
    message: `${pointerToDotted(lock.pointer)} is ${lockedBy(lock, context.describe)}; `
      + `this layer may not change it${because(lock)}`,
    hint: `remove the override, or ask the owners of ${lock.by.instance.folder} to change it there`,
    source: context.contribution.document.source,
    pointer: place.from,
  })
  return true
}

/** A resource that a higher layer creates may not set what Governance reserves either. */
function reportReserved(
  overlay: Json,
  locks: readonly Lock[],
  contribution: Contribution,
  describe: Describe,
  findings: Finding[],
): void {
  const reported = new Set<string>()
  for (const lock of locks) {
    for (const pointer of valuesAt(overlay, lock.pointer)) {
      if (reported.has(pointer)) continue

      reported.add(pointer)
      findings.push({
        rule: 'layer/governed',
        severity: 'error',
        message: `${pointerToDotted(lock.pointer)} is ${lockedBy(lock, describe)}; `
          + `this layer may not set it, not even on its own ${String(overlay.kind)}${because(lock)}`,
        hint: `remove the field here; only ${lock.by.instance.folder} may set it`,
        source: contribution.document.source,
        pointer,
      })
    }
  }
}

function lockedBy(lock: Lock, describe: Describe): string {
  const where = `${describe(lock.by, lock.declared)} (layer ${lock.by.instance.folder})`
  return lock.governance ? `reserved by ${lock.governance.id} at ${where}` : `locked by ${where}`
}

function because(lock: Lock): string {
  return lock.governance?.reason ? ` (${lock.governance.reason})` : ''
}

function tombstone(
  result: Merged,
  contribution: Contribution,
  describe: Describe,
  reserved: readonly Lock[],
): void {
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

  const lock = result.locks[0] ?? reserved[0]
  if (lock) {
    result.findings.push({
      rule: lock.governance ? 'layer/governed' : 'layer/locked', severity: 'error',
      message: `the resource is ${lockedBy(lock, describe)}; `
        + `this layer may not delete it${because(lock)}`,
      source, pointer: '/metadata/deleted',
    })
    return
  }

  result.value = undefined
  result.contributions = []
  result.blocked = new Map()
}

/** True when one path lies inside the other; a `*` segment of the lock matches any segment. */
function overlaps(lockPointer: string, pointer: string): boolean {
  const locked = lockPointer.split('/')
  const at = pointer.split('/')
  const shared = Math.min(locked.length, at.length)
  for (let index = 0; index < shared; index++) {
    if (locked[index] !== '*' && locked[index] !== at[index]) return false
  }

  return true
}

function sameInstance(one: LayerInstance, other: LayerInstance): boolean {
  return one.layer.rank === other.layer.rank && one.folder === other.folder
}

function isMap(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
