import type { AuditEntry, LiveResource } from '../api/live-resource.js'
import type { LoadedDocument } from '../load/document.js'
import {
  comparableFromDocument, comparableFromLive, resourceId, withoutFingerprints,
} from '../plan/comparable.js'
import { type SecretValues, diffResource } from '../plan/field-diff.js'
import { lastChanges } from './attribution.js'
import type { DriftField, DriftReport, DriftedResource } from './drift-types.js'
import { valueAtPointer } from './value-at.js'

export interface DriftInput {
  desired: readonly LoadedDocument[]
  live: readonly LiveResource[]
  secrets: SecretValues
  includeUnmanaged: boolean
}

export type DriftBody = Omit<DriftReport, 'target' | 'git' | 'checkedAt'>

/**
 * Where live has moved away from git. Pure; attribution is added afterwards from the audit
 * log by `attributeDrift`, which needs only the drifted resources.
 */
export function computeDrift(input: DriftInput): DriftBody {
  const liveById = new Map(input.live.map(resource => [resourceId(resource), resource]))
  const drifted: DriftedResource[] = []
  const desiredIds = new Set<string>()
  let inSync = 0
  let unresolvedSecrets = 0

  for (const document of input.desired) {
    const desired = comparableFromDocument(document.resource)
    const id = resourceId(desired)
    const source = { file: document.source.file, line: document.source.line }
    desiredIds.add(id)

    const live = liveById.get(id)
    if (live === undefined) {
      drifted.push({
        id, kind: desired.kind, name: desired.metadata.name, state: 'missing',
        fields: [], secrets: [], liveVersion: null, source,
      })
      continue
    }

    const liveComparable = comparableFromLive(live)
    const diff = diffResource(desired, liveComparable, input.secrets)
    unresolvedSecrets += diff.secrets.filter(secret => secret.status === 'unresolved').length
    if (diff.fields.length === 0) {
      inSync++
      continue
    }

    const secretPaths = new Set(diff.secrets.map(secret => secret.path))
    const fields: DriftField[] = diff.fields.map(field => secretPaths.has(field.path)
      ? field
      : {
          ...field,
          desired: valueAtPointer(desired, field.pointer),
          live: withoutFingerprints(valueAtPointer(liveComparable, field.pointer)),
        })
    drifted.push({
      id, kind: desired.kind, name: desired.metadata.name, state: 'changed', fields,
      secrets: diff.secrets.filter(secret => secret.status === 'changed'),
      liveVersion: live.version, source,
    })
  }

  const unmanaged: string[] = []
  for (const [id, live] of liveById) {
    if (desiredIds.has(id)) continue

    const state = live.managedBy === 'omsctl' ? 'not-in-git' : 'unmanaged'
    if (state === 'unmanaged' && !input.includeUnmanaged) {
      unmanaged.push(id)
      continue
    }

    drifted.push({
      id, kind: live.kind, name: live.metadata.name, state, fields: [], secrets: [],
      liveVersion: live.version,
    })
  }

  drifted.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return {
    drifted, unmanaged,
    summary: { drifted: drifted.length, inSync, unmanaged: unmanaged.length, unresolvedSecrets },
  }
}

/** Adds who changed each drifted resource and field live, from one read of the audit log. */
export function attributeDrift(body: DriftBody, audit: readonly AuditEntry[]): DriftBody {
  const wanted = new Set(body.drifted.map(resource => resource.id))
  const history = lastChanges(audit, wanted)

  const drifted = body.drifted.map((resource) => {
    const entries = history.get(resource.id)
    if (entries === undefined) return resource

    const fields = resource.fields.map((field) => {
      const lastChange = entries.forPointer(field.pointer)
      return lastChange === undefined ? field : { ...field, lastChange }
    })
    const lastChange = entries.latest
    return { ...resource, fields, ...(lastChange === undefined ? {} : { lastChange }) }
  })

  return { ...body, drifted }
}
