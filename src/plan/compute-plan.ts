import type { LiveResource } from '../api/live-resource.js'
import type { LoadedDocument } from '../load/document.js'
import { createHash } from 'node:crypto'

import {
  comparableFromDocument, comparableFromLive, resourceId, withoutFingerprints,
} from './comparable.js'
import { type KindGraph, orderChanges } from './dependency-order.js'
import { type SecretValues, diffResource, secretsOfNew } from './field-diff.js'
import type { PlanBody, PlannedChange, PlanNotes } from './plan-types.js'

export interface PlanInput {
  desired: readonly LoadedDocument[]
  live: readonly LiveResource[]
  /** Secret values available where the plan runs, by reference; used only to compare. */
  secrets: SecretValues
  prune: boolean
  allowDeleteProtected: boolean
  graph: KindGraph
}

/**
 * Desired state against the live snapshot: the ordered changes that would make live equal
 * git. Pure: the same input gives the same plan, and nothing is read or written.
 */
export function computePlan(input: PlanInput): PlanBody {
  const liveById = new Map(input.live.map(resource => [resourceId(resource), resource]))
  const desiredIds = new Set<string>()
  const changes: PlannedChange[] = []
  let unchanged = 0
  let unresolvedSecrets = 0

  // creates and updates
  for (const document of input.desired) {
    const desired = comparableFromDocument(document.resource)
    const id = resourceId(desired)
    const base = {
      id, kind: desired.kind, name: desired.metadata.name, desired,
      source: { file: document.source.file, line: document.source.line },
    }
    desiredIds.add(id)

    const live = liveById.get(id)
    if (live === undefined) {
      const secrets = secretsOfNew(desired)
      changes.push({ ...base, op: 'create', liveVersion: null, fields: [], secrets })
      continue
    }

    const diff = diffResource(desired, comparableFromLive(live), input.secrets)
    unresolvedSecrets += diff.secrets.filter(secret => secret.status === 'unresolved').length
    if (diff.fields.length === 0) {
      unchanged++
      continue
    }

    const before = withoutFingerprints(comparableFromLive(live))
    changes.push({ ...base, op: 'update', liveVersion: live.version, live: before, ...diff })
  }

  // deletes
  const notes: PlanNotes = { notPruned: [], protectedKept: [], unmanaged: [], unresolvedSecrets }
  for (const [id, live] of liveById) {
    if (desiredIds.has(id)) continue

    if (live.managedBy !== 'omsctl') notes.unmanaged.push(id)
    else if (!input.prune) notes.notPruned.push(id)
    else if (input.graph.isProtected(live.kind) && !input.allowDeleteProtected) {
      notes.protectedKept.push(id)
    } else {
      changes.push({
        op: 'delete', id, kind: live.kind, name: live.metadata.name, liveVersion: live.version,
        fields: [], secrets: [], live: withoutFingerprints(comparableFromLive(live)),
      })
    }
  }

  const ordered = orderChanges(changes, input.graph)
  const count = (op: string) => ordered.filter(change => change.op === op).length
  return {
    changes: ordered,
    summary: {
      create: count('create'), update: count('update'), delete: count('delete'), unchanged,
    },
    notes,
  }
}

/**
 * A digest of the desired state as sent to the API (references, never values), in id
 * order: two plans of the same reviewed state have the same digest, whatever the order of
 * files and documents. Key order inside a document is the file's, which git fixes.
 */
export function desiredDigest(desired: readonly LoadedDocument[]): string {
  const hash = createHash('sha256')
  const sorted = [...desired].sort((a, b) => compareIds(a.id, b.id))
  for (const document of sorted) {
    hash.update(JSON.stringify(comparableFromDocument(document.resource)))
    hash.update('\n')
  }

  return `sha256:${hash.digest('hex')}`
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
