import { ChainWriter } from './audit-chain.js'
import { canonicalJson } from './canonical-json.js'
import { changedPaths } from './field-changes.js'
import { bodyDigest } from './live-resource.js'
import { lockRefusal } from './locks.js'
import { type Reply, errorReply } from './reply.js'
import type { SecretBox } from './secret-box.js'
import { type IncomingSecret, type SecretProblem, parseStoredSecrets, sealSecrets } from './secrets.js'
import {
  type Decision, type ResourceKey, type StoredResource, type WriteSet, type WriteState, keyOf,
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
 * the storage transaction, so the versions it checks cannot move before the commit.
 */
export function decideChanges(
  context: WriteContext, changes: readonly PreparedChange[], state: WriteState,
  wording: Wording, render: (written: Written[]) => Reply,
): Decision<Reply> {
  const locked = lockRefusal(state.lock, context.lockId, context.now)
  if (locked) return { commit: null, result: locked }

  const refused = versionRefusal(changes, state, wording)
  if (refused) return { commit: null, result: refused }

  const chain = new ChainWriter(state.head)
  const writes: WriteSet = { upserts: [], deletes: [], audit: [] }
  const written: Written[] = []
  const problems: SecretProblem[] = []

  for (const change of changes) {
    const current = state.rows.get(keyOf(change.key)) ?? null
    const next = change.op === 'delete' ? null : nextRow(context, change, current, problems)
    const row = next?.row ?? null
    if (change.op === 'delete') writes.deletes.push(change.key)
    else if (row) writes.upserts.push(row)

    written.push({ change, row })
    chain.append(auditFields(context, change, current, row, next?.document ?? {}))
  }

  if (problems.length > 0) {
    return {
      commit: null,
      result: errorReply(422, 'invalid', 'The request has secrets without values', { problems }),
    }
  }

  writes.audit = chain.entries
  return { commit: writes, result: render(written) }
}

function versionRefusal(
  changes: readonly PreparedChange[], state: WriteState, wording: Wording,
): Reply | undefined {
  const stale: Conflict[] = []
  const existing: Conflict[] = []

  for (const change of changes) {
    const currentVersion = state.rows.get(keyOf(change.key))?.version ?? null
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
  context: WriteContext, change: PreparedChange, current: StoredResource | null,
  problems: SecretProblem[],
): { row: StoredResource, document: Record<string, unknown> } | null {
  const { tenant } = context
  const bound = `${tenant}/${change.key.kind}/${change.key.name}`
  const sealed = sealSecrets(change.secrets, parseStoredSecrets(current?.secrets ?? null),
    context.box, bound)
  for (const problem of sealed.problems) {
    problems.push({ pointer: `${change.pointer}${problem.pointer}`, message: problem.message })
  }

  if (sealed.problems.length > 0) return null

  const resource = change.resource ?? {}
  const document = {
    apiVersion: resource.apiVersion,
    kind: resource.kind,
    metadata: resource.metadata,
    spec: resource.spec,
  }
  const body = canonicalJson(document)
  const hasSecrets = Object.keys(sealed.stored).length > 0
  const row = {
    tenant,
    kind: change.key.kind,
    name: change.key.name,
    version: (current?.version ?? 0) + 1,
    body,
    updatedAt: context.now.toISOString(),
    updatedBy: context.actor,
    managedBy: context.managedBy ?? current?.managedBy ?? null,
    secrets: hasSecrets ? JSON.stringify(sealed.stored) : null,
  }
  return { row, document }
}

function auditFields(
  context: WriteContext, change: PreparedChange, current: StoredResource | null,
  row: StoredResource | null, after: Record<string, unknown>,
) {
  const before: unknown = current ? JSON.parse(current.body) : {}
  return {
    time: context.now.toISOString(),
    actor: context.actor,
    tenant: context.tenant,
    op: change.op,
    kind: change.key.kind,
    name: change.key.name,
    beforeDigest: current ? bodyDigest(current.body) : null,
    afterDigest: row ? bodyDigest(row.body) : null,
    change: JSON.stringify(changedPaths(before, after)),
    gitCommit: context.gitCommit,
    planId: context.planId,
    author: context.author,
    changesetId: context.changesetId,
  }
}
