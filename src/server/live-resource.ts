import { createHash } from 'node:crypto'

import type { ListedResource } from './storage/storage.js'

/**
 * A live resource as the API returns it, spliced from the stored canonical body without
 * parsing it again: the bulk list of 10,000 resources is string concatenation.
 */
export function liveResourceJson(row: ListedResource): string {
  return `{"version":${row.version},"updatedAt":"${row.updatedAt}",`
    + `"updatedBy":${JSON.stringify(row.updatedBy)},"managedBy":${JSON.stringify(row.managedBy)},`
    + row.body.slice(1)
}

export function etagOf(version: number): string {
  return `"${version}"`
}

/** `sha256:<hex>` of a stored body: the before and after digests of the audit log. */
export function bodyDigest(body: string): string {
  return `sha256:${createHash('sha256').update(body, 'utf8').digest('hex')}`
}
