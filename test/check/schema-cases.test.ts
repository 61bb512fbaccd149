// One broken copy of each kind's example per row: the problem omsctl must report, at the
// pointer of the offending node itself.
import { describe, expect, it } from 'vitest'

import { validateResource } from '../../src/check/schema.js'
import type { KindName } from '../../src/model/kinds.js'
import { changed, REMOVE } from '../model/schema-fixtures.js'

type Case = [kind: KindName, pointer: string, value: unknown, rule: string, at: string]

const cases: Case[] = [
  ['GlobalSettings', '/spec/timezone', 'Europe/Berln', 'code/timezone', '/spec/timezone'],
  ['GlobalSettings', '/spec/currencies/default', 'EURO', 'code/currency', '/spec/currencies/default'],
  ['GlobalSettings', '/spec/countries/0', 'UK', 'code/country', '/spec/countries/0'],
  ['GlobalSettings', '/spec/locales/default', 'en_GB', 'code/locale', '/spec/locales/default'],
  ['GlobalSettings', '/spec/units/weight', 'kilo', 'schema/enum', '/spec/units/weight'],
  ['OrderLifecycle', '/spec/states/0/timeout/action', 'transition', 'schema/required',
    '/spec/states/0/timeout'],
  ['OrderLifecycle', '/spec/transitions/1/approval/policy', 'High Value', 'schema/pattern',
    '/spec/transitions/1/approval/policy'],
  ['OrderLifecycle', '/spec/orderTypes', [], 'schema/minItems', '/spec/orderTypes'],
  ['ApprovalPolicy', '/spec/bands/0/requiredApprovals', 1.5, 'schema/type',
    '/spec/bands/0/requiredApprovals'],
  ['ApprovalPolicy', '/spec/bands/0/minimum', -1, 'schema/minimum', '/spec/bands/0/minimum'],
  ['ApprovalPolicy', '/spec/currency', 'XYZ', 'code/currency', '/spec/currency'],
  ['InventoryPolicy', '/spec/reservation/mode', 'strict', 'schema/enum', '/spec/reservation/mode'],
  ['InventoryPolicy', '/spec/safetyStock', REMOVE, 'schema/required', '/spec'],
  ['Role', '/spec/permissions/0', 'orders:reed', 'schema/enum', '/spec/permissions/0'],
  ['Role', '/spec/permissions/1', 'orders:read', 'schema/uniqueItems', '/spec/permissions/1'],
  ['Group', '/spec/roles', 'order-manager', 'schema/type', '/spec/roles'],
  ['Group', '/spec/members', ['alice'], 'schema/additionalProperties', '/spec/members'],
  ['AuditPolicy', '/spec/retentionDays', '7 years', 'schema/type', '/spec/retentionDays'],
  ['AuditPolicy', '/spec/export/credentials', 'token-123', 'secret/literal',
    '/spec/export/credentials'],
  ['AuditPolicy', '/spec/export/url', 'http://siem.acme.example', 'schema/pattern',
    '/spec/export/url'],
  ['EncryptionPolicy', '/spec/minTlsVersion', 1.2, 'schema/type', '/spec/minTlsVersion'],
  ['EncryptionPolicy', '/spec/atRest/cipher', 'DES', 'schema/enum', '/spec/atRest/cipher'],
  ['Integration', '/spec/auth/clientSecret', 'hunter2', 'secret/literal', '/spec/auth/clientSecret'],
  ['Integration', '/spec/auth/clientSecret', { secretRef: 'ERP_SECRET' }, 'secret/literal',
    '/spec/auth/clientSecret'],
  ['Integration', '/spec/auth/type', 'oauth', 'schema/enum', '/spec/auth/type'],
  ['Integration', '/spec/sync/intervalMinutes', REMOVE, 'schema/required', '/spec/sync'],
  ['Integration', '/spec/retry/maxAttempts', 'forever', 'schema/anyOf', '/spec/retry/maxAttempts'],
  ['Webhook', '/spec/url', 'http://hooks.acme.example/oms', 'schema/pattern', '/spec/url'],
  ['Webhook', '/spec/topics/0', 'order.create', 'schema/enum', '/spec/topics/0'],
  ['Webhook', '/spec/signingSecret', { secretRef: 'env:X', value: 'abc' }, 'secret/literal',
    '/spec/signingSecret'],
  ['Channel', '/spec/type', 'email', 'schema/enum', '/spec/type'],
  ['Channel', '/spec/mapping/fields/customr', 'x', 'schema/propertyNames',
    '/spec/mapping/fields/customr'],
  ['Channel', '/spec/mapping/language', 'jq', 'schema/const', '/spec/mapping/language'],
  ['Channel', '/spec/validation/accountOverrides/0/rules/0/action', 'drop', 'schema/enum',
    '/spec/validation/accountOverrides/0/rules/0/action'],
  ['Channel', '/spec/deadLetter/type', 'mailbox', 'schema/enum', '/spec/deadLetter/type'],
  ['Channel', '/spec/retry/backoff/initialSeconds', 0, 'schema/exclusiveMinimum',
    '/spec/retry/backoff/initialSeconds'],
  ['RetentionPolicy', '/spec/jurisdiction', 'HIPAA', 'schema/enum', '/spec/jurisdiction'],
  ['RetentionPolicy', '/spec/dataClasses/0/action', 'anonymize', 'schema/enum',
    '/spec/dataClasses/0/action'],
  ['RetentionPolicy', '/spec/legalHold/since', '03/06/2024', 'schema/format',
    '/spec/legalHold/since'],
  ['TaxPolicy', '/spec/rates/0/ratePercent', 119, 'schema/maximum', '/spec/rates/0/ratePercent'],
  ['TaxPolicy', '/spec/calculation/engine', 'external', 'schema/required', '/spec/calculation'],
  ['ShippingZone', '/spec/destinations/0/country', 'Germany', 'code/country',
    '/spec/destinations/0/country'],
  ['ShippingZone', '/spec/methods/0/rate/amount', 4.95, 'schema/type',
    '/spec/methods/0/rate/amount'],
  ['LocaleSettings', '/spec/languages/0', 'de_DE', 'code/locale', '/spec/languages/0'],
  ['LocaleSettings', '/spec/timezone', 'Berlin', 'code/timezone', '/spec/timezone'],
  ['Tenant', '/spec/isolation', 'dedicated', 'schema/enum', '/spec/isolation'],
  ['Tenant', '/spec/contact/email', 'oms-eu at acme', 'schema/format', '/spec/contact/email'],
  ['Tenant', '/metadata/name', 'ACME EU', 'schema/pattern', '/metadata/name'],
  ['Tenant', '/metadata/waivers', [{ rule: 'OMS-XX-001', reason: 'pilot' }], 'schema/required',
    '/metadata/waivers/0'],
]

describe('validateResource on broken documents', () => {
  it.each(cases)('%s with %s = %j reports %s at %s', (kind, pointer, value, rule, at) => {
    const issues = validateResource(changed(kind, pointer, value))

    expect(issues.map(issue => [issue.rule, issue.pointer])).toEqual([[rule, at]])
    expect(issues[0]?.message).not.toMatch(/must NOT|must match|must have required property/)
  })

  it('covers every kind', () => {
    expect(new Set(cases.map(([kind]) => kind)).size).toBe(16)
  })
})
