/**
 * Shapes the Admin API returns (see schemas/openapi.yaml). They are checked at the border
 * by `response-schemas.ts`, so code past the client can trust them.
 */
export interface LiveResource {
  apiVersion: string
  kind: string
  metadata: { name: string, labels?: Record<string, string>, annotations?: Record<string, string> }
  spec: Record<string, unknown>
  version: number
  updatedAt: string
  updatedBy: string | null
  managedBy: 'omsctl' | null
}

export interface ResourcePage {
  items: LiveResource[]
  nextCursor: string | null
}

export interface AuditEntry {
  seq: number
  time: string
  actor: string
  tenant: string
  op: string
  kind: string
  name: string
  change: string[]
  gitCommit: string | null
  planId: string | null
  author: string | null
}

export interface AuditPage {
  items: AuditEntry[]
  nextCursor: string | null
}

export interface LockInfo {
  lockId: string
  tenant: string
  holder: string
  acquiredAt: string
  expiresAt: string
}

/** One item of a changeset; the resource carries resolved secret values only in flight. */
export interface ChangesetItem {
  op: 'create' | 'update' | 'delete'
  kind: string
  name: string
  expectedVersion?: number
  resource?: { apiVersion: string, kind: string, metadata: object, spec: object }
}

export interface ChangesetResult {
  changesetId: string
  results: { op: string, kind: string, name: string, version: number | null }[]
}

export interface VersionConflict {
  kind: string
  name: string
  expectedVersion: number | null
  currentVersion: number | null
}
