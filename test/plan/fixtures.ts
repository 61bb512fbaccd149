import type { LiveResource } from '../../src/api/live-resource.js'
import type { LoadedDocument } from '../../src/load/document.js'

/** A desired document as the loader hands it over. */
export function doc(
  kind: string, name: string, spec: Record<string, unknown>, line = 1,
): LoadedDocument {
  return {
    id: `${kind}/${name}`,
    resource: { apiVersion: 'omsctl.dev/v1', kind, metadata: { name }, spec },
    source: { file: 'settings/all.yaml', index: 0, line },
  }
}

/** A live resource as the API returns it. */
export function live(
  kind: string, name: string, spec: Record<string, unknown>,
  options: { version?: number, managedBy?: 'omsctl' | null } = {},
): LiveResource {
  return {
    apiVersion: 'omsctl.dev/v1', kind, metadata: { name }, spec,
    version: options.version ?? 1,
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: 'ci',
    managedBy: options.managedBy === undefined ? 'omsctl' : options.managedBy,
  }
}
