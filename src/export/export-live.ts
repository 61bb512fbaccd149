import { dump } from 'js-yaml'

import type { LiveResource } from '../api/live-resource.js'
import { comparableFromLive } from '../plan/comparable.js'
import { isLiveSecret } from '../secrets/secret-ref.js'

export interface ExportedFile {
  /** Relative to the export folder: `<kind folder>/<name>.yaml`. */
  path: string
  text: string
}

export interface ExportedSecret {
  id: string
  path: string
  ref: string
}

export interface Export {
  files: ExportedFile[]
  /** References the exported documents use: each must be provided where omsctl applies. */
  secrets: ExportedSecret[]
}

/**
 * Live settings as documents, one file per resource in a folder per kind, so that a review
 * touches one small file and ownership can follow folders. Exactly what the API stores goes
 * out, so that planning the export against the same target shows no changes. Secrets keep
 * the reference the server recorded; a secret without one gets a placeholder to rename.
 */
export function exportLive(live: readonly LiveResource[], origin: string): Export {
  const files: ExportedFile[] = []
  const secrets: ExportedSecret[] = []

  for (const resource of live) {
    const id = `${resource.kind}/${resource.metadata.name}`
    const document = comparableFromLive(resource)
    const found = (path: string, ref: string) => secrets.push({ id, path, ref })
    const spec = asReferences(document.spec, 'spec', found, id)
    files.push({
      path: exportPath(resource),
      text: exportHeader(resource, origin) + yamlOf({ ...document, spec }),
    })
  }

  files.sort((a, b) => (a.path < b.path ? -1 : 1))
  return { files, secrets }
}

/** Where a resource's exported file goes, relative to the export folder. */
export function exportPath(resource: { kind: string, metadata: { name: string } }): string {
  return `${kindFolder(resource.kind)}/${resource.metadata.name}.yaml`
}

/** The comment an exported file starts with: where and which version it came from. */
export function exportHeader(resource: LiveResource, origin: string): string {
  return `# Exported by omsctl from ${origin}: live version ${resource.version}, `
    + `last changed by ${resource.updatedBy ?? 'unknown'} at ${resource.updatedAt}.\n`
}

export function yamlOf(value: unknown): string {
  return dump(value, { lineWidth: -1, noRefs: true })
}

/** `ApprovalPolicy` → `approval-policies`; `GlobalSettings` stays `global-settings`. */
export function kindFolder(kind: string): string {
  const kebab = kind.replace(/(?<=[a-z0-9])(?=[A-Z])/g, '-').toLowerCase()
  if (kebab.endsWith('settings') || kebab.endsWith('s')) return kebab
  if (kebab.endsWith('y')) return `${kebab.slice(0, -1)}ies`
  return `${kebab}s`
}

/** A live value with every secret as a reference; `found` hears of each. */
export function asReferences(
  value: unknown, path: string, found: (path: string, ref: string) => void, id: string,
): Record<string, unknown> {
  return walk(value, path, found, id) as Record<string, unknown>
}

function walk(
  value: unknown, path: string, found: (path: string, ref: string) => void, id: string,
): unknown {
  if (isLiveSecret(value) || isSecretShaped(value)) {
    const ref = typeof value.secretRef === 'string' && value.secretRef !== ''
      ? value.secretRef
      : `env:${placeholder(id, path)}`
    found(path, ref)
    return { secretRef: ref }
  }

  if (Array.isArray(value)) {
    return value.map((item, index) => walk(item, `${path}[${index}]`, found, id))
  }

  if (typeof value !== 'object' || value === null) return value

  const copy: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    copy[key] = walk(item, `${path}.${key}`, found, id)
  }

  return copy
}

function isSecretShaped(value: unknown): value is { secretRef?: unknown, fingerprint?: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    && ('fingerprint' in value || 'secretRef' in value)
}

/** `Integration/sap-erp`, `spec.auth.clientSecret` → `INTEGRATION_SAP_ERP_AUTH_CLIENT_SECRET`. */
function placeholder(id: string, path: string): string {
  return `${id}/${path.replace(/^spec\./, '')}`
    .replace(/(?<=[a-z0-9])(?=[A-Z])/g, '_')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase()
}
