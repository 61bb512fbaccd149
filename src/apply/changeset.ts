import type { ChangesetItem } from '../api/live-resource.js'
import type { ComparableResource, PlannedChange, SecretField } from '../plan/plan-types.js'
import { type SecretEnvironment, requireSecret } from '../secrets/resolve-secret.js'
import { isSecretRef } from '../secrets/secret-ref.js'

/**
 * The plan's changes as changeset items, with secret values resolved now, in memory only.
 * Apply changes exactly what the reviewed plan showed: a secret the plan marked new or
 * changed must resolve and is sent; every other secret (unchanged, or not resolved where
 * the plan ran, which the plan showed as no change) goes as its bare reference, which tells
 * the server to keep the value it holds, whatever value happens to be available now.
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
    const toSend = new Set(secretsToSend(change).map(secret => secret.path))
    const resource = withSecretValues(desired, '', (ref, path) => {
      if (!toSend.has(path)) return undefined
      return requireSecret(ref, where, `${change.id} ${path}`)
    })

    return change.op === 'create'
      ? { op: 'create', kind: change.kind, name: change.name, resource }
      : {
          op: 'update', kind: change.kind, name: change.name,
          expectedVersion: change.liveVersion ?? 0, resource,
        }
  })
}

/** The secrets whose value a change sends: those the plan showed as set or changed. */
export function secretsToSend(change: PlannedChange): SecretField[] {
  return change.secrets.filter(secret => secret.status === 'new' || secret.status === 'changed')
}

/** Secrets the plan could not compare; apply keeps their live values. */
export function keptUnresolved(changes: readonly PlannedChange[]): number {
  return changes.reduce((sum, change) =>
    sum + change.secrets.filter(secret => secret.status === 'unresolved').length, 0)
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
