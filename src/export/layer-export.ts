import type { LiveResource } from '../api/live-resource.js'
import type { LoadedDocument } from '../load/document.js'
import { comparableFromDocument, comparableFromLive, resourceId } from '../plan/comparable.js'
import { diffResource } from '../plan/field-diff.js'
import type { FieldChange } from '../plan/plan-types.js'
import {
  type ExportedFile, type ExportedSecret, asReferences, exportHeader, exportPath, yamlOf,
} from './export-live.js'

/** A live resource that the layers define differently and that an override cannot match. */
export interface ExportConflict {
  id: string
  reason: string
}

/** What exporting into a target's own layer does with each live resource. */
export interface LayerExport {
  /** Files to write into the target's layer folder. */
  files: ExportedFile[]
  /** Live resources not in git: written whole. */
  created: string[]
  /** Live resources the lower layers define differently: written as overrides. */
  overridden: string[]
  /** Live resources the layers already produce exactly: nothing written. */
  inGit: string[]
  conflicts: ExportConflict[]
  secrets: ExportedSecret[]
}

/** What the export needs to know of the repository. */
export interface LayerState {
  /** The target's desired state, all layers merged. */
  desired: readonly LoadedDocument[]
  /** Where the target's own layer defines (or deletes) each resource, by id. */
  inTargetLayer: ReadonlyMap<string, { file: string, line: number }>
}

/** Secrets are compared by reference only: export writes references, never values. */
const noValues = { get: () => undefined }

/**
 * Live settings into the target's own layer, as `terraform import` brings resources under
 * configuration: what the layers already produce is left alone, what git lacks is written
 * whole, and what a lower layer defines differently gets an override holding only the fields
 * that differ, so that the layers merge to the live value. A resource the target's layer
 * already defines, a field live lacks (an override cannot remove one) or a locked field is a
 * conflict: the caller refuses the export rather than edit files a person wrote.
 */
export function exportIntoLayer(
  live: readonly LiveResource[], state: LayerState, origin: string,
): LayerExport {
  const desiredById = new Map(state.desired.map(document => [document.id, document]))
  const result: LayerExport = {
    files: [], created: [], overridden: [], inGit: [], conflicts: [], secrets: [],
  }

  for (const resource of live) {
    const id = resourceId(resource)
    const found = (path: string, ref: string) => result.secrets.push({ id, path, ref })
    const desired = desiredById.get(id)
    const own = state.inTargetLayer.get(id)

    if (desired === undefined) {
      if (own !== undefined) {
        const reason = `the target's layer deletes it at ${own.file}:${own.line}, but it is live`
        result.conflicts.push({ id, reason })
        continue
      }

      const document = comparableFromLive(resource)
      const spec = asReferences(document.spec, 'spec', found, id)
      const text = exportHeader(resource, origin) + yamlOf({ ...document, spec })
      result.files.push({ path: exportPath(resource), text })
      result.created.push(id)
      continue
    }

    const { fields } = diffResource(
      comparableFromDocument(desired.resource), comparableFromLive(resource), noValues,
    )
    if (fields.length === 0) {
      result.inGit.push(id)
      continue
    }

    const reason = conflictOf(fields, desired, own)
    if (reason !== undefined) {
      result.conflicts.push({ id, reason })
      continue
    }

    const override = overrideOf(resource, fields, found)
    const changed = fields.map(field => field.path).join(', ')
    const header = exportHeader(resource, origin)
      + `# Overrides what lower layers define: ${changed}.\n`
    result.files.push({ path: exportPath(resource), text: header + yamlOf(override) })
    result.overridden.push(id)
  }

  result.files.sort((a, b) => (a.path < b.path ? -1 : 1))
  return result
}

function conflictOf(
  fields: readonly FieldChange[], desired: LoadedDocument,
  own: { file: string, line: number } | undefined,
): string | undefined {
  const paths = fields.map(field => field.path).join(', ')
  if (own !== undefined) {
    return `the target's layer defines it at ${own.file}:${own.line}; live differs in ${paths}`
  }

  // diffResource calls a field git sets and live lacks "added": only git can drop it
  const absent = fields.filter(field => field.change === 'added').map(field => field.path)
  if (absent.length > 0) {
    return `live lacks ${absent.join(', ')}, which a lower layer sets (an override cannot `
      + 'remove a field)'
  }

  const locked = (desired.resource.metadata.locked as string[] | undefined) ?? []
  const blocked = fields.filter(field => locked.some(path =>
    field.path === path || field.path.startsWith(`${path}.`) || field.path.startsWith(`${path}[`)
    || path.startsWith(`${field.path}.`)))
  if (blocked.length > 0) {
    return `live differs in ${blocked.map(field => field.path).join(', ')}, which a lower `
      + 'layer locks'
  }

  return undefined
}

/**
 * The smallest document that, merged over the lower layers, gives live: the differing
 * fields with live's values. Lists are replaced whole by a merge, so a difference inside a
 * list writes the whole list.
 */
function overrideOf(
  resource: LiveResource, fields: readonly FieldChange[],
  found: (path: string, ref: string) => void,
): Record<string, unknown> {
  const live = comparableFromLive(resource) as unknown as Record<string, unknown>
  const override: Record<string, unknown> = {
    apiVersion: resource.apiVersion, kind: resource.kind,
    metadata: { name: resource.metadata.name },
  }

  for (const field of fields) {
    const segments = field.pointer.split('/').slice(1)
      .map(segment => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    const kept = untilList(live, segments)
    const value = valueAt(live, kept)
    const dotted = kept.join('.')
    setAt(override, kept, asReferences(value, dotted, found, resourceId(resource)))
  }

  return override
}

/** The path cut after the first list on it: the list is what an override replaces. */
function untilList(root: unknown, segments: readonly string[]): string[] {
  const kept: string[] = []
  let current = root
  for (const segment of segments) {
    kept.push(segment)
    current = (current as Record<string, unknown> | undefined)?.[segment]
    if (Array.isArray(current)) break
  }

  return kept
}

function valueAt(root: unknown, segments: readonly string[]): unknown {
  let current = root
  for (const segment of segments) current = (current as Record<string, unknown>)[segment]
  return current
}

function setAt(root: Record<string, unknown>, segments: readonly string[], value: unknown): void {
  let current = root
  for (const segment of segments.slice(0, -1)) {
    const next = current[segment]
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) {
      current = next as Record<string, unknown>
    } else {
      const created: Record<string, unknown> = {}
      current[segment] = created
      current = created
    }
  }

  const last = segments.at(-1)
  if (last !== undefined) current[last] = value
}
