/**
 * Turns ajv's errors into problems a person can act on: one problem per mistake, at the
 * pointer of the offending node, with the allowed values or the likely intended value in the
 * hint. ajv reports a failed anyOf as the errors of every branch plus a summary, and a
 * conditional as an extra "if" error; those are folded into one problem each here.
 */
import type { ErrorObject } from 'ajv'

import { codeProblem, isCodeFormat } from './codes.js'
import { collapseBranches, dedupe, type Draft } from './schema-issue-folding.js'
import { didYouMean } from './did-you-mean.js'
import {
  allowedList,
  choiceHint,
  describeValue,
  formatPhrase,
  limitPhrase,
  quote,
  suggestionHint,
  suggestName,
  suggestSecretEnv,
  typeName,
} from './messages.js'

export interface SchemaIssue {
  /** JSON pointer of the offending node inside the document ('' for the document itself). */
  pointer: string
  /** `schema/<keyword>`, `code/timezone|currency|country|locale` or `secret/literal`. */
  rule: string
  message: string
  hint?: string
}

type Schema = Record<string, unknown>

const SECRET_REF_TITLE = 'SecretRef'

/**
 * Errors that only summarise others: a failed `then` (its own errors are reported), a bad
 * property name (reported with the name), a bad discriminator tag (the tag's enum reports it).
 */
const SUMMARY_KEYWORDS = new Set(['if', 'propertyNames', 'discriminator'])
const SECRET_REF_PATTERN = '^(env:[A-Z_][A-Z0-9_]*|file:.+)$'

export function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1')
}

function parentSchemaOf(error: ErrorObject): Schema {
  const schema: unknown = error.parentSchema
  return schema !== null && typeof schema === 'object' ? schema as Schema : {}
}

/** `document` is the validated value; it supplies names for the hints. */
export function issuesFromErrors(errors: readonly ErrorObject[], document: unknown): SchemaIssue[] {
  const issues: Draft[] = []
  const secretPointers: string[] = []

  for (const error of errors) {
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf') {
      issues.push(collapseBranches(issues, error))
      continue
    }

    const issue = convert(error, document)
    if (issue === undefined) continue
    if (issue.rule === 'secret/literal') secretPointers.push(issue.pointer)
    issues.push(issue)
  }

  return dedupe(issues, secretPointers)
}

function convert(error: ErrorObject, document: unknown): Draft | undefined {
  const pointer = error.instancePath
  const parent = parentSchemaOf(error)
  const params = error.params as Record<string, unknown>

  if (SUMMARY_KEYWORDS.has(error.keyword)) return undefined
  if (parent.title === SECRET_REF_TITLE || parent.pattern === SECRET_REF_PATTERN) {
    return secretIssue(error, document)
  }

  // A failing `propertyNames` reports the name itself as the data.
  if (typeof error.propertyName === 'string') return propertyNameIssue(error, error.propertyName)

  switch (error.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return unknownFieldIssue(error, parent, params)
    case 'required':
      return {
        pointer,
        rule: 'schema/required',
        message: `missing required field "${String(params.missingProperty)}"`,
      }
    case 'type':
      return {
        pointer,
        rule: 'schema/type',
        message: `must be ${typeName(params.type)}, not ${describeValue(error.data)}`,
        expected: typeName(params.type),
      }
    case 'enum':
      return valueIssue(error, params.allowedValues)
    case 'const':
      return valueIssue(error, [params.allowedValue])
    case 'format':
      return formatIssue(error, String(params.format))
    case 'pattern':
      return patternIssue(error, parent)
    case 'uniqueItems':
      return duplicateIssue(error, Number(params.i), Number(params.j))
  }

  const phrase = limitPhrase(error.keyword, params.limit ?? params.multipleOf)
  return {
    pointer,
    rule: `schema/${error.keyword}`,
    message: phrase ?? error.message ?? `fails the ${error.keyword} check`,
    ...(phrase?.startsWith('must be ') ? { expected: phrase.slice('must be '.length) } : {}),
  }
}

function unknownFieldIssue(
  error: ErrorObject,
  parent: Schema,
  params: Record<string, unknown>,
): SchemaIssue {
  const field = String(params.additionalProperty ?? params.unevaluatedProperty)
  const properties = parent.properties
  const known = properties !== null && typeof properties === 'object'
    ? Object.keys(properties)
    : []
  const suggestion = didYouMean(field, known)
  const hint = suggestion !== undefined
    ? `did you mean "${suggestion}"?`
    : known.length > 0 ? allowedList(known, 'known fields') : undefined

  return {
    pointer: `${error.instancePath}/${escapePointer(field)}`,
    rule: `schema/${error.keyword}`,
    message: `unknown field "${field}"`,
    ...(hint === undefined ? {} : { hint }),
  }
}

function duplicateIssue(error: ErrorObject, index: number, first: number): SchemaIssue {
  const items: unknown[] = Array.isArray(error.data) ? error.data : []

  return {
    pointer: `${error.instancePath}/${index}`,
    rule: 'schema/uniqueItems',
    message: `${quote(items[index])} is listed twice (also item ${first})`,
  }
}

function valueIssue(error: ErrorObject, allowed: unknown): Draft {
  const values = Array.isArray(allowed) ? allowed : []
  const message = values.length === 1
    ? `must be ${quote(values[0])}, not ${quote(error.data)}`
    : `${quote(error.data)} is not one of the allowed values`

  return {
    pointer: error.instancePath,
    rule: `schema/${error.keyword}`,
    message,
    hint: choiceHint(error.data, values),
    expected: values.map(value => quote(value)).join(' or '),
    valueType: typeName(typeof values[0]),
  }
}

function propertyNameIssue(error: ErrorObject, name: string): SchemaIssue {
  const params = error.params as Record<string, unknown>
  const allowed = Array.isArray(params.allowedValues) ? params.allowedValues : undefined

  return {
    pointer: `${error.instancePath}/${escapePointer(name)}`,
    rule: 'schema/propertyNames',
    message: `field name "${name}" is not allowed here`,
    ...(allowed === undefined ? {} : { hint: choiceHint(name, allowed, 'allowed names') }),
  }
}

function formatIssue(error: ErrorObject, format: string): SchemaIssue {
  const pointer = error.instancePath
  if (isCodeFormat(format)) return { pointer, ...codeProblem(format, error.data) }

  return { pointer, rule: 'schema/format', message: formatPhrase(format) }
}

const NAMED_PATTERNS: Record<string, { message: string, hint: string }> = {
  ResourceName: {
    message: 'is not a valid name',
    hint: 'use 2-64 characters of a-z, 0-9 and "-", starting and ending with a letter or digit',
  },
  HttpsUrl: { message: 'is not an https:// URL', hint: 'only https:// URLs are accepted' },
  Identifier: {
    message: 'is not a valid identifier',
    hint: 'start with a letter; use letters, digits, "_", "-" and "."',
  },
  EnvVarName: {
    message: 'is not an environment variable name',
    hint: 'use capital letters, digits and "_", for example OMSCTL_PROD_TOKEN',
  },
  DottedPath: {
    message: 'is not a field path',
    hint: 'write the path with dots, for example spec.retentionDays',
  },
}

function patternIssue(error: ErrorObject, parent: Schema): SchemaIssue {
  const named = typeof parent.title === 'string' ? NAMED_PATTERNS[parent.title] : undefined
  const suggestion = parent.title === 'ResourceName' && typeof error.data === 'string'
    ? suggestName(error.data)
    : undefined
  const hint = suggestionHint(suggestion) ?? named?.hint
    ?? `the value must match ${String(parent.pattern)}`

  return {
    pointer: error.instancePath,
    rule: 'schema/pattern',
    message: `${quote(error.data)} ${named?.message ?? 'does not have the expected form'}`,
    hint,
  }
}

/** Never quotes the value: whatever was written where a reference belongs may be a secret. */
function secretIssue(error: ErrorObject, document: unknown): SchemaIssue {
  const inner = error.keyword === 'pattern' || error.instancePath.endsWith('/secretRef')
  const pointer = inner ? error.instancePath.replace(/\/secretRef$/, '') : error.instancePath
  const metadata = (document as { metadata?: { name?: unknown } } | null)?.metadata
  const example = `{secretRef: env:${suggestSecretEnv(metadata?.name, pointer)}}`

  return {
    pointer,
    rule: 'secret/literal',
    message: inner
      ? 'a secret reference must be env:NAME or file:PATH; the value here is neither'
      : 'a secret field must hold a secret reference, never the secret itself',
    hint: `write a reference such as ${example}, and keep the value out of the repository`,
  }
}
