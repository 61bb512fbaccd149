import type { FieldChange, SecretField } from '../plan/plan-types.js'

/** Who last changed a resource or field live, from the server's audit log. */
export interface Attribution {
  actor: string
  time: string
  seq: number
  op: string
  /** Set when the change came from an omsctl apply. */
  planId: string | null
  gitCommit: string | null
  author: string | null
}

export interface DriftField extends FieldChange {
  /** Values as in git and live; secrets never appear here, only their status. */
  desired?: unknown
  live?: unknown
  lastChange?: Attribution
}

export type DriftState
  /** Live differs from git. */
  = | 'changed'
  /** In git, not live: deleted live, or never applied. */
    | 'missing'
  /** Live and managed by omsctl, but no longer in git. */
    | 'not-in-git'
  /** Live, not in git and not managed by omsctl (reported as drift only on request). */
    | 'unmanaged'

export interface DriftedResource {
  id: string
  kind: string
  name: string
  state: DriftState
  fields: DriftField[]
  secrets: SecretField[]
  liveVersion: number | null
  lastChange?: Attribution
  source?: { file: string, line: number }
}

export interface DriftReport {
  target: string
  git: {
    commit: string | null
    ref: string | null
    /** Files with uncommitted changes in the compared desired state (working tree only). */
    dirtyFiles: string[]
  }
  checkedAt: string
  drifted: DriftedResource[]
  /** Live resources outside git and outside omsctl's management, when not counted as drift. */
  unmanaged: string[]
  summary: { drifted: number, inSync: number, unmanaged: number, unresolvedSecrets: number }
}
