import type { LiveResource } from '../api/live-resource.js'
import type { Resource } from '../load/document.js'
import { isLiveSecret } from '../secrets/secret-ref.js'
import type { ComparableResource } from './plan-types.js'

/**
 * The part of a document the API stores. omsctl-only metadata (locks, tombstones, waivers)
 * stays in git; empty label and annotation maps equal absent ones.
 */
export function comparableFromDocument(resource: Resource): ComparableResource {
  return {
    apiVersion: resource.apiVersion,
    kind: resource.kind,
    metadata: comparableMetadata(resource.metadata),
    spec: resource.spec,
  }
}

/** Live, without the server's bookkeeping. Secrets keep their fingerprint for comparing. */
export function comparableFromLive(live: LiveResource): ComparableResource {
  return {
    apiVersion: live.apiVersion,
    kind: live.kind,
    metadata: comparableMetadata(live.metadata),
    spec: live.spec,
  }
}

/** For plans and output: a live secret shown as its reference only. */
export function withoutFingerprints<T>(value: T): T {
  return strip(value) as T
}

function strip(value: unknown): unknown {
  if (isLiveSecret(value)) return { secretRef: value.secretRef }
  if (Array.isArray(value)) return value.map(strip)
  if (typeof value !== 'object' || value === null) return value

  const copy: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) copy[key] = strip(item)
  return copy
}

function comparableMetadata(metadata: Resource['metadata'] | LiveResource['metadata']) {
  const result: ComparableResource['metadata'] = { name: metadata.name }
  if (metadata.labels && Object.keys(metadata.labels).length > 0) result.labels = metadata.labels
  if (metadata.annotations && Object.keys(metadata.annotations).length > 0) {
    result.annotations = metadata.annotations
  }

  return result
}

export function resourceId(resource: { kind: string, metadata: { name: string } }): string {
  return `${resource.kind}/${resource.metadata.name}`
}
