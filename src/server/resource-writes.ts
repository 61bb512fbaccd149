import { canonicalJson } from './canonical-json.js'
import { changedPaths, topLevelPaths } from './field-changes.js'
import { bodyDigest } from './live-resource.js'
import { lockRefusal } from './locks.js'
import { type Reply, errorReply } from './reply.js'
import type { SecretBox } from './secret-box.js'
import { type IncomingSecret, type SecretProblem, parseStoredSecrets, sealSecrets } from './secrets.js'
import {
  type AuditRecord, type Decision, type ResourceKey, type StoredResource, type WriteSet,
  type WriteState, keyOf,
} from './storage/storage.js'

export type ChangeOp = 'create' | 'update' | 'delete'

/** A change that passed validation; only the stored state can still refuse it. */
export interface PreparedChange {
  op: ChangeOp
  key: ResourceKey
  expectedVersion?: number
  /** The resource in its git form (secrets as `{secretRef}`), for create and update. */
  resource?: Record<string, unknown>
  secrets: IncomingSecret[]
  /** Where the resource sits in the request body, for problem pointers: `/changes/3/resource`. */
  pointer: string
}

/** Who writes, and what the client told us about why (recorded in the audit log). */
export interface WriteContext {
  tenant: string
  actor: string
  tokenId: string
  managedBy: 'omsctl' | null
  lockId: string | undefined
  gitCommit: string | null
  planId: string | null
  author: string | null
  changesetId: string | null
  now: Date
  box: SecretBox
}

export interface Written {
  change: PreparedChange
  /** The new row, or null for a delete. */
  row: StoredResource | null
}

export interface Conflict {
  kind: string
  name: string
  expectedVersion: number | null
  currentVersion: number | null
}

/** How to word a refusal: a changeset lists conflicts, a single write names its version. */
export type Wording = 'single' | 'changeset'

/**
 * Decides a batch of changes against the stored state: all of them or none. Runs inside
 * the storage transaction, so the versions it checks cannot move before the commit. The
 * audit entries it returns are sealed onto the chain by the storage.
 */
export function decideChanges(
  context: WriteContext, changes: readonly PreparedChange[], state: WriteState,
  wording: Wording, render: (written: Written[]) => Reply,
): Decision<Reply> {
  const locked = lockRefusal(state.lock, context.lockId, context.now)
  if (locked) return { commit: null, result: locked }

  const currents = changes.map(change => state.rows.get(keyOf(change.key)) ?? null)
  const refused = versionRefusal(changes, currents, wording)
  if (refused) return { commit: null, result: refused }

  const time = context.now.toISOString()
  const writes: WriteSet = { creates: [], updates: [], deletes: [], audit: [] }
  const written: Written[] = []
  const problems: SecretProblem[] = []

  for (const [index, change] of changes.entries()) {
    const current = currents[index] ?? null
    if (change.op === 'delete') {
      writes.deletes.push(change.key)
      written.push({ change, row: null })
      writes.audit.push(auditEntry(context, time, change, current, null, changeList(current, null)))
      continue
    }

    const next = nextRow(context, time, change, current, problems)
    if (!next) continue

    const { row, document } = next
    if (current) writes.updates.push(row)
    else writes.creates.push(row)
    written.push({ change, row })
    writes.audit.push(auditEntry(context, time, change, current, row,
      changeList(current, { body: row.body, document })))
  }

  if (problems.length > 0) {
    return {
      commit: null,
      result: errorReply(422, 'invalid', 'The request has secrets without values', { problems }),
    }
  }

  return { commit: writes, result: render(written) }
}

function versionRefusal(
  changes: readonly PreparedChange[], currents: readonly (StoredResource | null)[],
  wording: Wording,
): Reply | undefined {
  const stale: Conflict[] = []
  const existing: Conflict[] = []

  for (const [index, change] of changes.entries()) {
    const currentVersion = currents[index]?.version ?? null
    const expectedVersion = change.op === 'create' ? null : change.expectedVersion ?? null
    if (currentVersion === expectedVersion) continue

    const conflict = { ...change.key, expectedVersion, currentVersion }
    if (change.op === 'create') existing.push(conflict)
    else stale.push(conflict)
  }

  if (stale.length > 0) {
    const conflicts = [...stale, ...existing]
    const message = wording === 'single'
      ? `${describe(stale[0])} is at version ${String(stale[0]?.currentVersion ?? 'none')}, `
      + `not ${String(stale[0]?.expectedVersion)}: read it again and retry`
      : `${stale.length} resource(s) changed since the versions this changeset expects; `
        + 'nothing was applied'
    return errorReply(412, 'version_mismatch', message, refusalFields(conflicts, wording))
  }

  if (existing.length > 0) {
    const message = wording === 'single'
      ? `${describe(existing[0])} already exists`
      : `${existing.length} resource(s) to create already exist; nothing was applied`
    return errorReply(409, 'already_exists', message, refusalFields(existing, wording))
  }

  return undefined
}

function refusalFields(conflicts: Conflict[], wording: Wording): Record<string, unknown> {
  return wording === 'single'
    ? { currentVersion: conflicts[0]?.currentVersion ?? null, conflicts }
    : { conflicts }
}

function describe(conflict: Conflict | undefined): string {
  return conflict ? `${conflict.kind}/${conflict.name}` : 'the resource'
}

function nextRow(
  context: WriteContext, time: string, change: PreparedChange, current: StoredResource | null,
  problems: SecretProblem[],
): { row: StoredResource, document: Record<string, unknown> } | null {
  const { tenant } = context
  const secrets = sealedSecrets(context, change, current, problems)
  if (secrets === undefined) return null

  const resource = change.resource ?? {}
  const document = {
    apiVersion: resource.apiVersion,
    kind: resource.kind,
    metadata: resource.metadata,
    spec: resource.spec,
  }
  const row = {
    tenant,
    kind: change.key.kind,
    name: change.key.name,
    version: (current?.version ?? 0) + 1,
    body: canonicalJson(document),
    updatedAt: time,
    updatedBy: context.actor,
    managedBy: context.managedBy ?? current?.managedBy ?? null,
    secrets,
  }
  return { row, document }
}

/**
 * The stored secrets of the new row as JSON text, null when it has none, undefined when a
 * secret lacks its value. Sealing puts each fingerprint into the document, so it runs
 * before the body is serialised.
 */
function sealedSecrets(
  context: WriteContext, change: PreparedChange, current: StoredResource | null,
  problems: SecretProblem[],
): string | null | undefined {
  if (change.secrets.length === 0) return null

  const bound = `${context.tenant}/${change.key.kind}/${change.key.name}`
  const sealed = sealSecrets(change.secrets, parseStoredSecrets(current?.secrets ?? null),
    context.box, bound)
  for (const problem of sealed.problems) {
    problems.push({ pointer: `${change.pointer}${problem.pointer}`, message: problem.message })
  }

  if (sealed.problems.length > 0) return undefined
  return Object.keys(sealed.stored).length > 0 ? JSON.stringify(sealed.stored) : null
}

/**
 * The audit entry's changed paths, as JSON text. A create changes every top-level field of
 * what it writes and a delete every field of what it removes (changedPaths against nothing
 * gives the same); an update whose canonical body is unchanged changes none; only a real
 * update needs the field diff, and only it parses the stored body.
 */
function changeList(
  current: StoredResource | null, next: { body: string, document: unknown } | null,
): string {
  if (!next) return JSON.stringify(current ? topLevelPaths(JSON.parse(current.body)) : [])
  if (!current) return JSON.stringify(topLevelPaths(next.document))
  if (current.body === next.body) return '[]'

  return JSON.stringify(changedPaths(JSON.parse(current.body), next.document))
}

function auditEntry(
  context: WriteContext, time: string, change: PreparedChange, current: StoredResource | null,
  row: StoredResource | null, paths: string,
): AuditRecord {
  return {
    seq: 0,
    time,
    actor: context.actor,
    tenant: context.tenant,
    op: change.op,
    kind: change.key.kind,
    name: change.key.name,
    beforeDigest: current ? bodyDigest(current.body) : null,
    afterDigest: row ? bodyDigest(row.body) : null,
    change: paths,
    gitCommit: context.gitCommit,
    planId: context.planId,
    author: context.author,
    changesetId: context.changesetId,
    prevHash: '',
    hash: '',
  }
}
