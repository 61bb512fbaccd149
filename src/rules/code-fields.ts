/**
 * Where each kind holds codes (currencies, countries, locales, time zones). The schemas mark
 * these fields with formats; this table is what the code rules walk, and a test derives it
 * from the schemas again so that the two cannot disagree.
 */
import type { KindName } from '../model/kinds.js'
import type { CodeSystem } from './supported-codes.js'

export interface CodeField {
  /** JSON pointer with `*` for every item. */
  path: string
  code: CodeSystem
}

export const CODE_FIELDS: Readonly<Partial<Record<KindName, readonly CodeField[]>>> = {
  ApprovalPolicy: [{ path: '/spec/currency', code: 'currency' }],
  Channel: [
    { path: '/spec/defaults/currency', code: 'currency' },
    { path: '/spec/defaults/locale', code: 'locale' },
  ],
  GlobalSettings: [
    { path: '/spec/timezone', code: 'timezone' },
    { path: '/spec/currencies/default', code: 'currency' },
    { path: '/spec/currencies/supported/*', code: 'currency' },
    { path: '/spec/locales/default', code: 'locale' },
    { path: '/spec/locales/supported/*', code: 'locale' },
    { path: '/spec/countries/*', code: 'country' },
  ],
  LocaleSettings: [
    { path: '/spec/countries/*', code: 'country' },
    { path: '/spec/languages/*', code: 'locale' },
    { path: '/spec/defaultLanguage', code: 'locale' },
    { path: '/spec/timezone', code: 'timezone' },
  ],
  ShippingZone: [
    { path: '/spec/destinations/*/country', code: 'country' },
    { path: '/spec/methods/*/rate/currency', code: 'currency' },
  ],
  TaxPolicy: [{ path: '/spec/rates/*/country', code: 'country' }],
  Tenant: [{ path: '/spec/dataResidency/*', code: 'country' }],
}

/** The kinds that hold codes of one system. */
export function kindsWithCodes(code: CodeSystem): KindName[] {
  return Object.entries(CODE_FIELDS)
    .filter(([, fields]) => fields.some(field => field.code === code))
    .map(([kind]) => kind as KindName)
}
