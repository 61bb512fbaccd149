import type { SecretStatus } from '../secrets/fingerprint.js'

/**
 * A plan is data: computed without I/O, saved as JSON, rendered by separate renderers and
 * applied later. It never holds a secret value (secrets are resolved again at apply).
 */
export const PLAN_FORMAT = 'omsctl.plan'
export const PLAN_FORMAT_VERSION = 1

export type ChangeOp = 'create' | 'update' | 'delete'

/** A resource as omsctl compares and sends it: no server bookkeeping, secrets as refs. */
export interface ComparableResource {
  apiVersion: string
  kind: string
  metadata: { name: string, labels?: Record<string, string>, annotations?: Record<string, string> }
  spec: Record<string, unknown>
}

export interface FieldChange {
  /** Dotted path, for example `spec.bands[2].limit` or `metadata.labels.team`. */
  path: string
  /** The same field as a JSON pointer, as the server's audit log names it. */
  pointer: string
  change: 'added' | 'removed' | 'changed'
}

export interface SecretField {
  path: string
  ref: string
  /** `new` for a secret of a resource being created. */
  status: SecretStatus | 'new'
}

export interface PlannedChange {
  op: ChangeOp
  /** `Kind/name`. */
  id: string
  kind: string
  name: string
  /** The live version the change was computed against; null for a create. */
  liveVersion: number | null
  fields: FieldChange[]
  secrets: SecretField[]
  /** What apply sends (create, update); secrets as references only. */
  desired?: ComparableResource
  /** Live before the change (update, delete); secrets as references only. */
  live?: ComparableResource
  /** Where the desired document comes from. */
  source?: { file: string, line: number }
}

export interface PlanSummary {
  create: number
  update: number
  delete: number
  unchanged: number
}

export interface PlanNotes {
  /** Managed live resources missing from git, kept because --prune was not given. */
  notPruned: string[]
  /** Protected resources kept because --allow-delete-protected was not given. */
  protectedKept: string[]
  /** Live resources omsctl does not manage and that are not in git: never touched. */
  unmanaged: string[]
  /** Secrets whose value was not available here, so unchanged could not be checked. */
  unresolvedSecrets: number
}

export interface PlanBody {
  changes: PlannedChange[]
  summary: PlanSummary
  notes: PlanNotes
}

export interface PlanTarget {
  name: string
  environment: string
  tenant: string
}

export interface PlanGit {
  commit: string | null
  /** Author of that commit, sent with every write so the audit log names who changed it. */
  author: string | null
  /** The revision asked for with --ref, or null for the working tree. */
  ref: string | null
  /** Files with uncommitted changes included in the plan (working tree only). */
  dirtyFiles: string[]
}

export interface Plan extends PlanBody {
  format: typeof PLAN_FORMAT
  formatVersion: typeof PLAN_FORMAT_VERSION
  planId: string
  createdAt: string
  omsctlVersion: string
  target: PlanTarget
  git: PlanGit
  /** sha256 of the desired state (references, not values): proves what was reviewed. */
  desiredDigest: string
  options: { prune: boolean, allowDeleteProtected: boolean }
}
