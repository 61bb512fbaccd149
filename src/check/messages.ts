/**
 * Wording of schema problems. ajv's own messages ("must NOT have additional properties") name
 * the keyword, not the mistake; these name the mistake and, in the hint, the way out.
 */
import { didYouMean } from './did-you-mean.js'

const MAX_LISTED = 12
const MAX_QUOTED = 60

/** A value quoted for a message, shortened so that a pasted blob does not flood the output. */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value)
  const short = text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED - 1)}…` : text
  return `"${short}"`
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'string') return `the text ${quote(value)}`
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`
  return typeof value
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  null: 'null',
}

export function typeName(type: unknown): string {
  const types = Array.isArray(type) ? type : [type]
  return types.map(name => TYPE_NAMES[String(name)] ?? String(name)).join(' or ')
}

/** "allowed values: a, b, c" with a long list cut short. */
export function allowedList(
  values: readonly unknown[],
  noun = 'allowed values',
  max = MAX_LISTED,
): string {
  const shown = values.slice(0, max).map(value => String(value))
  const more = values.length > max ? `, and ${values.length - max} more` : ''
  return `${noun}: ${shown.join(', ')}${more}`
}

/** A hint that leads with the likely intended value, then lists the allowed ones. */
export function choiceHint(
  value: unknown,
  allowed: readonly unknown[],
  noun = 'allowed values',
): string {
  const strings = allowed.filter((item): item is string => typeof item === 'string')
  const typed = typeof value === 'number' || typeof value === 'boolean' ? String(value) : value
  const suggestion = typeof typed === 'string' ? didYouMean(typed, strings) : undefined
  const list = allowedList(allowed, noun)
  return suggestion === undefined ? list : `did you mean "${suggestion}"? ${list}`
}

export function suggestionHint(suggestion: string | undefined): string | undefined {
  return suggestion === undefined ? undefined : `did you mean "${suggestion}"?`
}

const LIMIT_PHRASES: Record<string, (limit: number) => string> = {
  minimum: limit => `must be at least ${limit}`,
  maximum: limit => `must be at most ${limit}`,
  exclusiveMinimum: limit => `must be greater than ${limit}`,
  exclusiveMaximum: limit => `must be less than ${limit}`,
  minLength: limit => `must be at least ${limit} character${limit === 1 ? '' : 's'} long`,
  maxLength: limit => `must be at most ${limit} character${limit === 1 ? '' : 's'} long`,
  minItems: limit => `must have at least ${limit} item${limit === 1 ? '' : 's'}`,
  maxItems: limit => `must have at most ${limit} item${limit === 1 ? '' : 's'}`,
  minProperties: limit => `must have at least ${limit} field${limit === 1 ? '' : 's'}`,
  maxProperties: limit => `must have at most ${limit} field${limit === 1 ? '' : 's'}`,
  multipleOf: limit => `must be a multiple of ${limit}`,
}

export function limitPhrase(keyword: string, limit: unknown): string | undefined {
  const phrase = LIMIT_PHRASES[keyword]
  return phrase && typeof limit === 'number' ? phrase(limit) : undefined
}

const FORMAT_PHRASES: Record<string, string> = {
  'date': 'must be a date written YYYY-MM-DD',
  'date-time': 'must be a date and time with offset, for example 2025-03-14T09:26:53+01:00',
  'uri': 'must be an absolute URL',
  'email': 'must be an e-mail address',
}

export function formatPhrase(format: string): string {
  return FORMAT_PHRASES[format] ?? `must be in the ${format} format`
}

/** Rewrites a name into one that passes the resource-name pattern, when that is possible. */
export function suggestName(value: string): string | undefined {
  const slug = value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/(?<=[a-z0-9])(?=[A-Z])/g, '-')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '')

  return slug.length >= 2 && slug !== value ? slug : undefined
}

/** An environment variable name to suggest for a secret: SAP_ERP_CLIENT_SECRET. */
export function suggestSecretEnv(resourceName: unknown, pointer: string): string {
  const field = pointer.split('/').at(-1) ?? 'secret'
  const parts = [typeof resourceName === 'string' ? resourceName : '', field]
  const name = parts
    .join('_')
    .replace(/(?<=[a-z0-9])(?=[A-Z])/g, '_')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase()

  return /^[A-Z_]/.test(name) ? name : `SECRET_${name}`
}
