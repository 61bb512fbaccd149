/**
 * The custom ajv formats that mark a string as a code (time zone, currency, country, locale).
 * Keeping them as formats makes the schemas the single source of which fields are codes; the
 * same functions serve the compiled validators, the rule pack and the hints.
 */
import { CANONICAL_TIMEZONES, COUNTRY_CODES, TIMEZONE_ALIASES } from './code-lists.generated.js'

let canonicalZones: Set<string> | undefined
let currencies: Set<string> | undefined
let countries: Set<string> | undefined

function zoneSet(): Set<string> {
  canonicalZones ??= new Set(CANONICAL_TIMEZONES)
  return canonicalZones
}

/** Any IANA name, including deprecated links such as US/Eastern (the rule pack warns on those). */
export function isTimezone(name: string): boolean {
  return zoneSet().has(name) || Object.hasOwn(TIMEZONE_ALIASES, name)
}

/** False for a deprecated link such as US/Eastern or Asia/Calcutta, and for unknown names. */
export function isCanonicalTimezone(name: string): boolean {
  return zoneSet().has(name)
}

/** The zone a deprecated link points to (US/Eastern -> America/New_York), else undefined. */
export function timezoneAliasTarget(name: string): string | undefined {
  return Object.hasOwn(TIMEZONE_ALIASES, name) ? TIMEZONE_ALIASES[name] : undefined
}

export function isCurrencyCode(code: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf('currency'))
  return currencies.has(code)
}

export function isCountryCode(code: string): boolean {
  countries ??= new Set(COUNTRY_CODES)
  return countries.has(code)
}

/** Intl parses a tag in ~9 µs; a repository repeats the same few tags thousands of times. */
const localeVerdicts = new Map<string, boolean>()
const MAX_REMEMBERED_LOCALES = 10_000

/** Well-formed BCP 47 (RFC 5646) as Intl parses it; `en-us` is accepted, `en_US` is not. */
export function isLocaleTag(tag: string): boolean {
  if (tag.length === 0 || tag.length > 64 || tag.includes('_')) return false

  const known = localeVerdicts.get(tag)
  if (known !== undefined) return known

  const verdict = parsesAsLocale(tag)
  if (localeVerdicts.size < MAX_REMEMBERED_LOCALES) localeVerdicts.set(tag, verdict)
  return verdict
}

function parsesAsLocale(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1
  } catch {
    return false
  }
}

export function timezoneNames(): readonly string[] {
  return CANONICAL_TIMEZONES
}

export function currencyCodes(): readonly string[] {
  return Intl.supportedValuesOf('currency')
}

export function countryCodes(): readonly string[] {
  return COUNTRY_CODES
}

/** Which check a code format stands for, as used in rule ids (`code/timezone`). */
export const CODE_FORMATS = {
  'iana-timezone': 'timezone',
  'iso4217': 'currency',
  'iso3166-alpha2': 'country',
  'bcp47': 'locale',
} as const

export type CodeFormat = keyof typeof CODE_FORMATS

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATE_TIME = new RegExp(
  '^(\\d{4}-\\d{2}-\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?([Zz]|[+-](\\d{2}):(\\d{2}))$',
)
const DOMAIN_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?'
const EMAIL = new RegExp(`^[^\\s@"<>]{1,64}@${DOMAIN_LABEL}(?:\\.${DOMAIN_LABEL})+$`)
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/

/** A calendar date (RFC 3339 full-date) that exists: 2024-02-29 yes, 2023-02-29 no. */
export function isDate(text: string): boolean {
  const match = DATE.exec(text)
  if (!match) return false

  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1
    && date.getUTCDate() === day
}

/** RFC 3339 date-time with a mandatory offset; leap seconds are not accepted. */
export function isDateTime(text: string): boolean {
  const match = DATE_TIME.exec(text)
  if (!match) return false

  const [hour, minute, second] = [Number(match[2]), Number(match[3]), Number(match[4])]
  const offsetOk = match[7] === undefined || (Number(match[7]) <= 23 && Number(match[8]) <= 59)
  return isDate(match[1] ?? '') && hour <= 23 && minute <= 59 && second <= 59 && offsetOk
}

/** An absolute URI as WHATWG URL parses it (scheme required). */
export function isUri(text: string): boolean {
  return SCHEME.test(text) && URL.canParse(text)
}

export function isEmail(text: string): boolean {
  return text.length <= 254 && EMAIL.test(text)
}

/**
 * Every format the schemas use. The compiled validators import this very object, so the
 * functions registered at build time and the ones run at validation time cannot differ.
 * The standard formats are implemented here rather than taken from ajv-formats because that
 * package loads ajv itself, which would cost the CLI ~30 ms at every start.
 */
export const formats = {
  'iana-timezone': isTimezone,
  'iso4217': isCurrencyCode,
  'iso3166-alpha2': isCountryCode,
  'bcp47': isLocaleTag,
  'date': isDate,
  'date-time': isDateTime,
  'uri': isUri,
  'email': isEmail,
}
