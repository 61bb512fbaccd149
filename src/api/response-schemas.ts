import type { ValidateFunction } from 'ajv'

import { UserError } from '../errors.js'

/**
 * The envelopes of the responses omsctl reads. Small on purpose: they pin what the client
 * relies on, so a server that drifts from the contract fails here with the endpoint's
 * name instead of deep inside plan or drift.
 */
const nullableString = { type: ['string', 'null'] }

const resource = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec', 'version'],
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string', minLength: 1 },
    metadata: {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string', minLength: 1 },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        annotations: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
    spec: { type: 'object' },
    version: { type: 'integer', minimum: 0 },
    updatedAt: { type: 'string' },
    updatedBy: nullableString,
    managedBy: { enum: ['omsctl', null] },
  },
}

const lock = {
  type: 'object',
  required: ['lockId', 'holder', 'expiresAt'],
  properties: {
    lockId: { type: 'string' },
    tenant: { type: 'string' },
    holder: { type: 'string' },
    acquiredAt: { type: 'string' },
    expiresAt: { type: 'string' },
  },
}

export const responseSchemas = {
  resourcePage: {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: { items: { type: 'array', items: resource }, nextCursor: nullableString },
  },
  auditPage: {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: {
      items: {
        type: 'array',
        items: {
          type: 'object',
          required: ['seq', 'time', 'actor', 'op', 'kind', 'name'],
          properties: {
            seq: { type: 'integer' },
            time: { type: 'string' },
            actor: { type: 'string' },
            op: { type: 'string' },
            kind: { type: 'string' },
            name: { type: 'string' },
            change: { type: ['array', 'null'], items: { type: 'string' } },
            gitCommit: nullableString,
            planId: nullableString,
            author: nullableString,
          },
        },
      },
      nextCursor: nullableString,
    },
  },
  changesetResult: {
    type: 'object',
    required: ['changesetId', 'results'],
    properties: {
      changesetId: { type: 'string' },
      results: {
        type: 'array',
        items: {
          type: 'object',
          required: ['op', 'kind', 'name'],
          properties: {
            op: { type: 'string' },
            kind: { type: 'string' },
            name: { type: 'string' },
            version: { type: ['integer', 'null'] },
          },
        },
      },
    },
  },
  lock,
  health: {
    type: 'object',
    required: ['status'],
    properties: { status: { type: 'string' }, version: { type: 'string' } },
  },
  errorBody: {
    type: 'object',
    required: ['error'],
    properties: { error: { type: 'string' }, message: { type: 'string' } },
  },
} as const

export type ResponseSchema = keyof typeof responseSchemas

/**
 * Compiled at build time (scripts/build-api-validators.js): importing ajv and compiling at
 * every start would cost more than all the checks of a 10,000-resource plan.
 */
async function validatorFor(name: ResponseSchema): Promise<ValidateFunction> {
  const validators = await import('../generated/api-responses.js')
  return validators[name]
}

/** Checks a parsed body; returns it typed, or throws a UserError naming the endpoint. */
export async function checkResponse<T>(
  name: ResponseSchema, endpoint: string, body: unknown,
): Promise<T> {
  const validate = await validatorFor(name)
  if (validate(body)) return body as T

  const first = validate.errors?.[0]
  const where = first?.instancePath ? ` at ${first.instancePath}` : ''
  throw new UserError(
    `Malformed response from ${endpoint}: ${first?.message ?? 'unexpected shape'}${where}`,
    {
      code: 'api/malformed-response',
      hint: 'the server does not follow the omsctl Admin API contract (schemas/openapi.yaml)',
    },
  )
}
