/**
 * Problems with codes: time zones, currencies, countries and locales. The schemas mark code
 * fields with custom formats; this turns a failed format into a problem that names the code
 * system and suggests the code that was probably meant.
 */
import {
  CODE_FORMATS,
  type CodeFormat,
  countryCodes,
  currencyCodes,
  isLocaleTag,
  timezoneAliasTarget,
  timezoneNames,
} from '../model/formats.js'
import { didYouMean } from './did-you-mean.js'
import { quote, suggestionHint } from './messages.js'

export interface CodeProblem {
  rule: `code/${(typeof CODE_FORMATS)[CodeFormat]}`
  message: string
  hint?: string
}

/** Codes people write that are not ISO 3166-1 but have an obvious ISO equivalent. */
const COUNTRY_ALIASES: Readonly<Record<string, string>> = { UK: 'GB', EL: 'GR' }

export function isCodeFormat(format: string): format is CodeFormat {
  return Object.hasOwn(CODE_FORMATS, format)
}

export function suggestTimezone(name: string): string | undefined {
  const alias = timezoneAliasTarget(name)
  if (alias !== undefined) return alias

  const zones = timezoneNames()
  const whole = didYouMean(name, zones)
  if (whole !== undefined || name.includes('/')) return whole

  // "berlin" or "New York": compare with the city part of each zone.
  const city = name.trim().replace(/\s+/g, '_')
  const byCity = new Map(zones.map(zone => [zone.slice(zone.lastIndexOf('/') + 1), zone]))
  const match = byCity.has(city) ? city : didYouMean(city, byCity.keys())
  return match === undefined ? undefined : byCity.get(match)
}

export function suggestCurrency(code: string): string | undefined {
  return didYouMean(code, currencyCodes())
}

/** Two-letter codes are all one edit apart, so only case and known aliases are suggested. */
export function suggestCountry(code: string): string | undefined {
  const upper = code.toUpperCase()
  if (Object.hasOwn(COUNTRY_ALIASES, upper)) return COUNTRY_ALIASES[upper]
  return countryCodes().includes(upper) && upper !== code ? upper : undefined
}

export function suggestLocale(tag: string): string | undefined {
  const dashed = tag.trim().replaceAll('_', '-')
  if (!isLocaleTag(dashed)) return undefined

  const canonical = Intl.getCanonicalLocales(dashed)[0]
  return canonical === tag ? undefined : canonical
}

export function codeProblem(format: CodeFormat, value: unknown): CodeProblem {
  const text = typeof value === 'string' ? value : ''

  switch (format) {
    case 'iana-timezone':
      return withHint({
        rule: 'code/timezone',
        message: `${quote(value)} is not an IANA time zone`,
      }, suggestTimezone(text), 'use a name such as Europe/Berlin or America/New_York')
    case 'iso4217':
      return withHint({
        rule: 'code/currency',
        message: `${quote(value)} is not an ISO 4217 currency code`,
      }, suggestCurrency(text), 'use three capital letters such as EUR or USD')
    case 'iso3166-alpha2':
      return withHint({
        rule: 'code/country',
        message: `${quote(value)} is not an ISO 3166-1 alpha-2 country code`,
      }, suggestCountry(text), 'use two capital letters such as DE or US')
    case 'bcp47':
      return withHint({
        rule: 'code/locale',
        message: `${quote(value)} is not a well-formed BCP 47 language tag`,
      }, suggestLocale(text), 'use a tag such as en-GB or de-DE (with "-", not "_")')
  }
}

function withHint(problem: CodeProblem, suggestion: string | undefined, fallback: string) {
  return { ...problem, hint: suggestionHint(suggestion) ?? fallback }
}
