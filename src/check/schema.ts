/**
 * Schema validation of one resource or project file, with the precompiled validators
 * (src/generated/validators.js, built from schemas/). Pure: no files, no output; the loader,
 * `validate` and the API server all call it and add positions or status codes themselves.
 */
import type { ValidateFunction } from 'ajv'

import * as validators from '../generated/validators.js'
import { API_VERSION, isKindName, KIND_NAMES } from '../model/kinds.js'
import { withoutSecretValues } from '../model/secret-ref.js'
import { didYouMean } from './did-you-mean.js'
import { allowedList, describeValue, quote } from './messages.js'
import { issuesFromErrors, type SchemaIssue } from './schema-issues.js'

export type { SchemaIssue } from './schema-issues.js'

export interface ValidateResourceOptions {
  /**
   * Accept `{secretRef, value}` where a secret belongs, as API write bodies carry it; the
   * value is ignored. Documents in a repository never hold values.
   */
  acceptSecretValues?: boolean
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function run(validate: ValidateFunction, value: unknown): SchemaIssue[] {
  if (validate(value)) return []
  return issuesFromErrors(validate.errors ?? [], value)
}

/** Problems of the document's envelope that make choosing a schema impossible. */
function envelopeIssues(value: Record<string, unknown>): SchemaIssue[] {
  const issues: SchemaIssue[] = []
  const { apiVersion, kind } = value

  if (apiVersion === undefined) {
    issues.push({
      pointer: '',
      rule: 'schema/required',
      message: 'missing required field "apiVersion"',
      hint: `add apiVersion: ${API_VERSION}`,
    })
  } else if (apiVersion !== API_VERSION) {
    issues.push({
      pointer: '/apiVersion',
      rule: 'schema/const',
      message: `unknown apiVersion ${quote(apiVersion)}`,
      hint: `this version of omsctl reads apiVersion: ${API_VERSION}`,
    })
  }

  if (kind === undefined) {
    issues.push({
      pointer: '',
      rule: 'schema/required',
      message: 'missing required field "kind"',
      hint: allowedList(KIND_NAMES, 'known kinds', KIND_NAMES.length),
    })
  } else if (!isKindName(kind)) {
    const suggestion = typeof kind === 'string' ? didYouMean(kind, KIND_NAMES) : undefined
    const list = allowedList(KIND_NAMES, 'known kinds', KIND_NAMES.length)
    issues.push({
      pointer: '/kind',
      rule: 'schema/enum',
      message: typeof kind === 'string'
        ? `unknown kind ${quote(kind)}`
        : `kind must be text, not ${describeValue(kind)}`,
      hint: suggestion === undefined ? list : `did you mean "${suggestion}"? ${list}`,
    })
  }

  return issues
}

/**
 * Every schema problem of one resource document. An unknown or missing kind is reported with
 * the known kinds; the rest of such a document cannot be checked.
 */
export function validateResource(
  value: unknown,
  options: ValidateResourceOptions = {},
): SchemaIssue[] {
  if (!isRecord(value)) {
    return [{
      pointer: '',
      rule: 'schema/type',
      message: `a document must be a mapping with apiVersion, kind, metadata and spec, not ${
        describeValue(value)}`,
    }]
  }

  const envelope = envelopeIssues(value)
  const { kind } = value
  if (!isKindName(kind)) return envelope

  const document = options.acceptSecretValues ? withoutSecretValues(value) : value
  if (envelope.length === 0) return run(validators[kind], document)

  // The envelope already reported the bad apiVersion; do not report it a second time.
  const corrected = { ...document as Record<string, unknown>, apiVersion: API_VERSION }
  return [...envelope, ...run(validators[kind], corrected)]
}

/** Problems of the project file (omsctl.yaml). */
export function validateProjectFile(value: unknown): SchemaIssue[] {
  return run(validators.Project, value)
}

/** Problems of a canonical order, for example the result of a channel mapping. */
export function validateCanonicalOrder(value: unknown): SchemaIssue[] {
  return run(validators.CanonicalOrder, value)
}

/** Digest of the schema text the validators were built from; see the staleness test. */
export const validatorsSchemaDigest: string = validators.schemaDigest
