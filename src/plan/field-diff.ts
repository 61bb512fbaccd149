import { isDeepStrictEqual } from 'node:util'

import { compareToFingerprint } from '../secrets/fingerprint.js'
import { findSecretRefs, isLiveSecret, isSecretRef } from '../secrets/secret-ref.js'
import type { ComparableResource, FieldChange, SecretField } from './plan-types.js'

export interface FieldDiff {
  fields: FieldChange[]
  secrets: SecretField[]
}

type Segment = string | number

/** Where secret values come from: a Map in tests, a lazy lookup of the environment in runs. */
export interface SecretValues {
  get(ref: string): string | undefined
}

/**
 * A path as a chain to its parent: walking 10,000 unchanged resources allocates nothing
 * per field, and a path is spelled out only where a difference is found.
 */
interface PathNode {
  parent: PathNode | undefined
  segment: Segment
}

function segmentsOf(node: PathNode): Segment[] {
  const segments: Segment[] = []
  for (let current: PathNode | undefined = node; current; current = current.parent) {
    segments.push(current.segment)
  }

  return segments.reverse()
}

const at = (parent: PathNode | undefined, segment: Segment): PathNode => ({ parent, segment })

/**
 * Field-level difference between a desired resource and its live counterpart. Maps are
 * compared key by key; lists of the same length item by item, otherwise as one field.
 * A secret is compared by fingerprint when its value is available, and is never a
 * change when it is not (a plan without production secrets must still say "no changes").
 */
export function diffResource(
  desired: ComparableResource, live: ComparableResource, secrets: SecretValues,
): FieldDiff {
  const result: FieldDiff = { fields: [], secrets: [] }
  const context = { secrets, result }
  const metadata = at(undefined, 'metadata')

  walk(desired.apiVersion, live.apiVersion, at(undefined, 'apiVersion'), context)
  walk(desired.metadata.labels, live.metadata.labels, at(metadata, 'labels'), context)
  const annotations = at(metadata, 'annotations')
  walk(desired.metadata.annotations, live.metadata.annotations, annotations, context)
  walk(desired.spec, live.spec, at(undefined, 'spec'), context)
  return result
}

/** The secrets of a resource that does not exist live yet. */
export function secretsOfNew(desired: ComparableResource): SecretField[] {
  return findSecretRefs(desired.spec, 'spec').map(found => ({ ...found, status: 'new' }))
}

/** `spec.bands[2].limit`: how people read a field. */
export function dottedPath(segments: readonly Segment[]): string {
  let path = ''
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`
    else path += path === '' ? segment : `.${segment}`
  }

  return path
}

/** `/spec/bands/2/limit`: how the server's audit log names a field (RFC 6901). */
export function jsonPointer(segments: readonly Segment[]): string {
  const escape = (segment: Segment) => String(segment).replaceAll('~', '~0').replaceAll('/', '~1')
  return segments.map(segment => `/${escape(segment)}`).join('')
}

interface WalkContext {
  secrets: SecretValues
  result: FieldDiff
}

function walk(desired: unknown, live: unknown, node: PathNode, context: WalkContext): void {
  if (desired === live) return

  if (isSecretRef(desired)) {
    compareSecret(desired.secretRef, live, segmentsOf(node), context)
    return
  }

  if (isPlainObject(desired) && isPlainObject(live)) {
    for (const key in desired) walk(desired[key], live[key], at(node, key), context)
    for (const key in live) {
      if (!(key in desired)) walk(undefined, live[key], at(node, key), context)
    }

    return
  }

  if (Array.isArray(desired) && Array.isArray(live) && desired.length === live.length) {
    for (let index = 0; index < desired.length; index++) {
      walk(desired[index], live[index], at(node, index), context)
    }

    return
  }

  if (isDeepStrictEqual(desired, live)) return

  const segments = segmentsOf(node)
  const change = desired === undefined ? 'removed' : live === undefined ? 'added' : 'changed'
  const path = dottedPath(segments)
  context.result.fields.push({ path, pointer: jsonPointer(segments), change })
  for (const found of findSecretRefs(desired, path)) {
    context.result.secrets.push({ ...found, status: change === 'added' ? 'new' : 'changed' })
  }
}

function compareSecret(
  ref: string, live: unknown, segments: Segment[], context: WalkContext,
): void {
  const { result } = context
  const path = dottedPath(segments)
  const pointer = jsonPointer(segments)

  if (live === undefined) {
    result.secrets.push({ path, ref, status: 'new' })
    result.fields.push({ path, pointer, change: 'added' })
    return
  }

  if (!isLiveSecret(live) || live.secretRef !== ref) {
    result.secrets.push({ path, ref, status: 'changed' })
    result.fields.push({ path, pointer, change: 'changed' })
    return
  }

  const value = context.secrets.get(ref)
  const status = value === undefined ? 'unresolved' : compareToFingerprint(value, live.fingerprint)
  result.secrets.push({ path, ref, status })
  if (status === 'changed') result.fields.push({ path, pointer, change: 'changed' })
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
