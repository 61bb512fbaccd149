import { Ajv2020 } from 'ajv/dist/2020.js'
import type { ValidateFunction } from 'ajv'

import { type PreparedChange } from './resource-writes.js'
import { type InputProblem, readResource } from './resource-input.js'
import { keyOf } from './storage/storage.js'

/** Above this many changes a request is refused before any work (about 40 MB of body). */
export const MAX_CHANGES = 50_000

const NAME = { type: 'string', minLength: 1, maxLength: 253 }

const changesetSchema = {
  type: 'object',
  required: ['changes'],
  additionalProperties: false,
  properties: {
    changes: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_CHANGES,
      items: {
        type: 'object',
        required: ['op', 'kind', 'name'],
        additionalProperties: false,
        properties: {
          op: { enum: ['create', 'update', 'delete'] },
          kind: NAME,
          name: NAME,
          expectedVersion: { type: 'integer', minimum: 1 },
          resource: { type: 'object' },
        },
        allOf: [
          { if: { properties: { op: { const: 'create' } } }, then: { required: ['resource'] } },
          {
            if: { properties: { op: { const: 'update' } } },
            then: { required: ['resource', 'expectedVersion'] },
          },
          { if: { properties: { op: { const: 'delete' } } }, then: { required: ['expectedVersion'] } },
        ],
      },
    },
  },
}

let validate: ValidateFunction | undefined

interface RawChange {
  op: PreparedChange['op']
  kind: string
  name: string
  expectedVersion?: number
  resource?: unknown
}

/**
 * The changeset body, checked in two steps: its envelope (ops, versions) and then each
 * resource against its kind's schema. Every problem is reported, each with its pointer.
 */
export interface ChangesetInput {
  changes: PreparedChange[]
  problems: InputProblem[]
}

export function readChangeset(body: unknown): ChangesetInput {
  validate ??= new Ajv2020({ allErrors: true, strict: false }).compile(changesetSchema)
  const problems: InputProblem[] = validate(body)
    ? []
    : (validate.errors ?? [])
        .filter(error => error.keyword !== 'if')
        .map(error => ({ pointer: error.instancePath, message: error.message ?? 'is invalid' }))

  const items = (body as { changes?: unknown } | null)?.changes
  if (!Array.isArray(items) || items.length > MAX_CHANGES) return { changes: [], problems }

  const changes: PreparedChange[] = []
  const seen = new Set<string>()
  for (const [index, raw] of items.entries()) {
    if (!isChange(raw)) continue

    const pointer = `/changes/${index}`
    const key = { kind: raw.kind, name: raw.name }
    if (seen.has(keyOf(key))) {
      problems.push({ pointer, message: `${keyOf(key)} appears more than once in the changeset` })
    }

    seen.add(keyOf(key))
    const at = `${pointer}/resource`
    const input = raw.op === 'delete' || raw.resource === undefined
      ? undefined
      : readResource(raw.resource, at, key, problems)
    if (raw.op !== 'delete' && !input) continue

    // One literal of one shape for every change: spreading two objects here cost more
    // than all the rest of this loop for a changeset of 10,000.
    changes.push({
      op: raw.op,
      key,
      expectedVersion: raw.expectedVersion,
      resource: input?.resource,
      secrets: input?.secrets ?? [],
      pointer: at,
    })
  }

  return problems.length > 0 ? { changes: [], problems } : { changes, problems }
}

function isChange(value: unknown): value is RawChange {
  const change = value as Partial<RawChange> | null
  return typeof change === 'object' && change !== null && typeof change.kind === 'string'
    && typeof change.name === 'string' && ['create', 'update', 'delete'].includes(change.op ?? '')
}
