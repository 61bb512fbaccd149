import type { DocumentIndex } from './document-index.js'

export type CodeSystem = 'currency' | 'country' | 'locale' | 'timezone'

/** What the target's GlobalSettings allow, with the documents' ids for messages. */
export interface SupportedCodes {
  currency: ReadonlySet<string>
  country: ReadonlySet<string>
  locale: ReadonlySet<string>
  /** `GlobalSettings/platform`, or several ids joined when a target has more than one. */
  from: string
  /** The field to extend, as a hint names it. */
  field: Readonly<Record<Exclude<CodeSystem, 'timezone'>, string>>
}

const canonical = new Map<string, string>()

/** Locale tags compare in canonical form: en-gb and en-GB are one locale. */
export function canonicalLocale(tag: string): string {
  let known = canonical.get(tag)
  if (known === undefined) {
    try {
      known = Intl.getCanonicalLocales(tag)[0] ?? tag
    } catch {
      known = tag
    }

    canonical.set(tag, known)
  }

  return known
}

/** The union over the target's GlobalSettings; undefined when it has none (nothing to compare). */
export function supportedCodes(documents: DocumentIndex): SupportedCodes | undefined {
  const settings = documents.of('GlobalSettings')
  if (settings.length === 0) return undefined

  const currency = new Set<string>()
  const country = new Set<string>()
  const locale = new Set<string>()
  for (const { spec } of settings) {
    for (const code of spec.currencies.supported) currency.add(code)
    for (const code of spec.countries) country.add(code)
    for (const tag of spec.locales.supported) locale.add(canonicalLocale(tag))
  }

  return {
    currency, country, locale,
    from: settings.map(document => document.id).join(', '),
    field: { currency: 'spec.currencies.supported', country: 'spec.countries', locale: 'spec.locales.supported' },
  }
}
