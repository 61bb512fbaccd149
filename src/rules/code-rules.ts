/** OMS-CD: every code in use is one the platform supports, written the canonical way. */
import { isCanonicalTimezone, timezoneAliasTarget } from '../model/formats.js'
import type { KindName } from '../model/kinds.js'
import { CODE_FIELDS, kindsWithCodes } from './code-fields.js'
import type { DocumentIndex } from './document-index.js'
import { GLOBAL_SETTINGS } from './example-documents.js'
import { documentRule, type Report, type Rule } from './rule.js'
import { canonicalLocale, type CodeSystem, supportedCodes } from './supported-codes.js'
import { valuesAt } from './values-at.js'

type Listed = Exclude<CodeSystem, 'timezone'>

/** The fields that define what is supported, and the one covered by OMS-AP-004. */
const NOT_CHECKED = new Set([
  'GlobalSettings /spec/currencies/supported/*',
  'GlobalSettings /spec/locales/supported/*',
  'GlobalSettings /spec/countries/*',
  'ApprovalPolicy /spec/currency',
])

const NOUNS: Record<Listed, string> = { currency: 'currency', country: 'country', locale: 'locale' }

const ZONE = `---
apiVersion: omsctl.dev/v1
kind: ShippingZone
metadata:
  name: dach
spec:
  destinations:
    - country: DE
    - country: AT
  methods:
    - name: standard
      carrier: dhl
      deliveryDays: {min: 1, max: 3}
      rate: {currency: EUR, amount: 495}
`

const LOCALES = `---
apiVersion: omsctl.dev/v1
kind: LocaleSettings
metadata:
  name: dach-locales
spec:
  countries: [DE, AT]
  languages: [de-DE, en-GB]
  defaultLanguage: de-DE
  timezone: Europe/Berlin
  formats:
    date: dd.MM.yyyy
    time: HH:mm
    decimalSeparator: ","
    groupSeparator: "."
    firstDayOfWeek: monday
    measurement: metric
`

function supportedRule(
  id: string,
  code: Listed,
  title: string,
  fail: string,
): Rule {
  const kinds = kindsWithCodes(code)
  return {
    id,
    group: 'codes',
    scope: 'target',
    reads: [...new Set<KindName>(['GlobalSettings', ...kinds])],
    severity: 'error',
    title,
    description: `Every ${NOUNS[code]} used in ${kinds.filter(kind => kind !== 'ApprovalPolicy').join(', ')} `
      + `(wherever the schemas mark a ${NOUNS[code]} code) must be among those the `
      + 'GlobalSettings support, including the settings\' own default. Not checked when the '
      + 'target has no GlobalSettings.',
    examples: { pass: GLOBAL_SETTINGS + ZONE + LOCALES, fail },
    check: documents => unsupported(documents, code, kinds),
  }
}

function* unsupported(
  documents: DocumentIndex,
  code: Listed,
  kinds: readonly KindName[],
): Generator<Report> {
  const supported = supportedCodes(documents)
  if (!supported) return

  const allowed = supported[code]
  for (const kind of kinds) {
    const fields = (CODE_FIELDS[kind] ?? []).filter(field => field.code === code && !NOT_CHECKED.has(`${kind} ${field.path}`))
    for (const document of documents.of(kind)) {
      for (const field of fields) {
        for (const { pointer, value } of valuesAt(document, field.path)) {
          if (typeof value !== 'string') continue
          if (allowed.has(code === 'locale' ? canonicalLocale(value) : value)) continue

          yield {
            document,
            pointer,
            message: `${NOUNS[code]} ${value} is not supported (${supported.from}: ${[...allowed].join(', ')})`,
            hint: `add ${value} to ${supported.field[code]} of ${supported.from}, or use a supported one`,
          }
        }
      }
    }
  }
}

/**
 * The two links of the tz `backward` file that are treated as canonical: the universal
 * names people write, by the zone each stands for.
 */
const UNIVERSAL_NAMES: ReadonlyMap<string, string> = new Map([['Etc/UTC', 'UTC'], ['Etc/GMT', 'GMT']])

function isAcceptedTimezone(name: string): boolean {
  return isCanonicalTimezone(name) || UNIVERSAL_NAMES.get(timezoneAliasTarget(name) ?? '') === name
}

const canonicalTimezone = documentRule({
  id: 'OMS-CD-004',
  group: 'codes',
  scope: 'document',
  kinds: ['GlobalSettings', 'LocaleSettings'],
  severity: 'warning',
  title: 'Time zones use canonical IANA names',
  description: 'Deprecated IANA links such as `US/Eastern` or `Asia/Calcutta` still work '
    + 'today but are kept only for backward compatibility and may be dropped by the tz '
    + 'database and by runtimes; write the canonical zone (`America/New_York`, '
    + '`Asia/Kolkata`). `UTC` and `GMT` are links too (to `Etc/UTC` and `Etc/GMT`), but they '
    + 'are the names everyone writes and every runtime keeps, so both are accepted; their '
    + 'other spellings (`UCT`, `Zulu`, `Universal`, `Greenwich`, `GMT0`, `Etc/UCT`...) are '
    + 'not. Unknown names are schema errors (code/timezone).',
  examples: {
    pass: GLOBAL_SETTINGS,
    fail: GLOBAL_SETTINGS.replace('timezone: Europe/Berlin', 'timezone: US/Eastern       # <- deprecated alias'),
  },
  * check(document) {
    for (const field of CODE_FIELDS[document.kind] ?? []) {
      if (field.code !== 'timezone') continue

      for (const { pointer, value } of valuesAt(document, field.path)) {
        if (typeof value !== 'string' || isAcceptedTimezone(value)) continue

        const target = timezoneAliasTarget(value)
        if (target === undefined) continue

        const short = UNIVERSAL_NAMES.get(target)
        yield {
          pointer,
          message: `${value} is a deprecated alias of the time zone ${target}`,
          hint: short ? `write ${short} (or ${target})` : `write ${target}`,
        }
      }
    }
  },
})

export const CODE_RULES: readonly Rule[] = [
  supportedRule('OMS-CD-001', 'currency', 'Currencies in use are supported',
    GLOBAL_SETTINGS + ZONE.replace('rate: {currency: EUR, amount: 495}',
      'rate: {currency: GBP, amount: 495}   # <- GBP is not supported') + LOCALES),
  supportedRule('OMS-CD-002', 'country', 'Countries in use are supported',
    GLOBAL_SETTINGS + ZONE.replace('    - country: AT\n', '    - country: CH            # <- CH is not supported\n') + LOCALES),
  supportedRule('OMS-CD-003', 'locale', 'Locales in use are supported',
    GLOBAL_SETTINGS + ZONE + LOCALES.replace('languages: [de-DE, en-GB]', 'languages: [de-DE, de-AT]  # <- de-AT is not supported')),
  canonicalTimezone,
]
