import { structuredPatch } from 'diff'
import { dump } from 'js-yaml'

import type { PlannedChange, SecretField } from '../plan/plan-types.js'
import { isSecretRef } from '../secrets/secret-ref.js'

export type DiffLineKind = 'hunk' | 'context' | 'add' | 'remove'

export interface DiffLine {
  kind: DiffLineKind
  text: string
}

const CONTEXT_LINES = 3

/**
 * The unified diff of one changed resource's YAML, live against desired. Only changed
 * resources are ever rendered: YAML output is the costly part of a large plan. Secrets
 * appear as their reference, marked when the value changed; never as a value.
 */
export function resourceDiff(change: PlannedChange): DiffLine[] {
  if (change.op !== 'update') {
    const kind = change.op === 'create' ? 'add' : 'remove'
    return wholeResourceYaml(change).split('\n')
      .filter(line => line !== '')
      .map(text => ({ kind, text }))
  }

  const desired = desiredYaml(change)
  const live = toYaml(alignKeys(change.live, change.desired) as object, () => '')

  const options = { context: CONTEXT_LINES }
  const patch = structuredPatch('live', 'desired', live, desired, '', '', options)
  const lines: DiffLine[] = []
  for (const hunk of patch.hunks) {
    const header = `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`
    lines.push({ kind: 'hunk', text: header })
    for (const line of hunk.lines) {
      if (line.startsWith('\\')) continue

      const kind = line.startsWith('+') ? 'add' : line.startsWith('-') ? 'remove' : 'context'
      lines.push({ kind, text: line.slice(1) })
    }
  }

  return lines
}

/** A created resource as it will be, a deleted one as it was: every line is a change. */
export function wholeResourceYaml(change: PlannedChange): string {
  return change.op === 'create'
    ? desiredYaml(change)
    : toYaml(change.live ?? {}, () => '')
}

function desiredYaml(change: PlannedChange): string {
  const changedSecrets = new Set(change.secrets
    .filter(secret => secret.status === 'changed' || secret.status === 'new')
    .map(secret => secret.path))
  const marker = (path: string) => changedSecrets.has(path) ? '  # (secret changed)' : ''
  return toYaml(change.desired ?? {}, marker)
}

/** `(secret changed)`, `(secret unchanged)`, or why it could not be told. */
export function describeSecret(secret: SecretField): string {
  switch (secret.status) {
    case 'new': return '(secret set)'
    case 'changed': return '(secret changed)'
    case 'unchanged': return '(secret unchanged)'
    case 'unresolved': return '(secret not resolved here: apply keeps the live value)'
  }
}

/**
 * YAML of a resource with each secret rendered as `{secretRef: ...}` and an optional
 * marker. Placeholders survive the dump unquoted, then are replaced line by line.
 */
function toYaml(resource: object, marker: (path: string) => string): string {
  const secrets: string[] = []
  const withPlaceholders = replaceSecrets(resource, '', (ref, path) => {
    secrets.push(`{secretRef: ${ref}}${marker(path)}`)
    return `omsctl-secret-${secrets.length - 1}`
  })

  const text = dump(withPlaceholders, { lineWidth: -1, noRefs: true })
  return secrets.length === 0
    ? text
    : text.replace(/omsctl-secret-(\d+)/g, (_, index: string) => secrets[Number(index)] ?? '')
}

function replaceSecrets(
  value: unknown, path: string, replace: (ref: string, path: string) => string,
): unknown {
  if (isSecretRef(value)) return replace(value.secretRef, path)
  if (Array.isArray(value)) {
    return value.map((item, index) => replaceSecrets(item, `${path}[${index}]`, replace))
  }

  if (typeof value !== 'object' || value === null) return value

  const copy: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    copy[key] = replaceSecrets(item, path === '' ? key : `${path}.${key}`, replace)
  }

  return copy
}

/**
 * Live keys in the order the desired document uses, so that a server storing keys in
 * another order does not show as moved lines.
 */
function alignKeys(live: unknown, desired: unknown): unknown {
  if (Array.isArray(live)) {
    const items: unknown[] = Array.isArray(desired) ? desired : []
    return live.map((item, index) => alignKeys(item, items[index]))
  }

  if (typeof live !== 'object' || live === null) return live

  const liveRecord = live as Record<string, unknown>
  const desiredRecord = typeof desired === 'object' && desired !== null && !Array.isArray(desired)
    ? desired as Record<string, unknown>
    : {}
  const keys = [
    ...Object.keys(desiredRecord).filter(key => key in liveRecord),
    ...Object.keys(liveRecord).filter(key => !(key in desiredRecord)),
  ]
  const aligned: Record<string, unknown> = {}
  for (const key of keys) aligned[key] = alignKeys(liveRecord[key], desiredRecord[key])
  return aligned
}
