import type { ChangesetItem } from '../api/live-resource.js'
import type { ComparableResource, PlannedChange } from '../plan/plan-types.js'
import { type SecretEnvironment, lookupSecret, requireSecret } from '../secrets/resolve-secret.js'
import { isSecretRef } from '../secrets/secret-ref.js'

/**
 * The plan's changes as changeset items, with secret values resolved now, in memory only.
 * A secret that the plan found new or changed must resolve; one that was unchanged or that
 * the plan could not compare is sent when available, and otherwise as its bare reference,
 * which tells the server to keep the value it holds.
 */
export function buildChangeset(
  changes: readonly PlannedChange[], where: SecretEnvironment,
): ChangesetItem[] {
  return changes.map((change) => {
    if (change.op === 'delete') {
      const expectedVersion = change.liveVersion ?? 0
      return { op: 'delete', kind: change.kind, name: change.name, expectedVersion }
    }

    const desired = change.desired as ComparableResource
    const mustResolve = new Set(change.secrets
      .filter(secret => secret.status === 'new' || secret.status === 'changed')
      .map(secret => secret.path))
    const resource = withSecretValues(desired, '', (ref, path) => {
      if (mustResolve.has(path)) return requireSecret(ref, where, `${change.id} ${path}`)
      return lookupSecret(ref, where)
    })

    return change.op === 'create'
      ? { op: 'create', kind: change.kind, name: change.name, resource }
      : {
          op: 'update', kind: change.kind, name: change.name,
          expectedVersion: change.liveVersion ?? 0, resource,
        }
  })
}

type Resolve = (ref: string, path: string) => string | undefined

function withSecretValues<T>(value: T, path: string, resolve: Resolve): T {
  return walk(value, path, resolve) as T
}

function walk(value: unknown, path: string, resolve: Resolve): unknown {
  if (isSecretRef(value)) {
    const secret = resolve(value.secretRef, path)
    return secret === undefined
      ? { secretRef: value.secretRef }
      : { secretRef: value.secretRef, value: secret }
  }

  if (Array.isArray(value)) {
    return value.map((item, index) => walk(item, `${path}[${index}]`, resolve))
  }

  if (typeof value !== 'object' || value === null) return value

  const copy: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    copy[key] = walk(item, path === '' ? key : `${path}.${key}`, resolve)
  }

  return copy
}
