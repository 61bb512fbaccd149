/** OMS-CH: an intake channel never silently drops an order it cannot take in. */
import { documentRule, type Rule, type RuleDocument } from './rule.js'

/**
 * The fields schemas/canonical-order.schema.json requires; a test keeps this list equal to
 * the schema's, so the CLI need not read the schema at run time.
 */
export const CANONICAL_REQUIRED = [
  'channel', 'channelOrderId', 'placedAt', 'currency', 'customer', 'shippingAddress', 'lines', 'totals',
] as const

/** Required fields a channel may fill from its `defaults` instead of mapping them. */
const DEFAULTABLE: Partial<Record<string, 'currency'>> = { currency: 'currency' }

const CHANNEL = `apiVersion: omsctl.dev/v1
kind: Channel
metadata:
  name: pos-stores
spec:
  type: pos
  payloadFormat: json
  defaults:
    currency: EUR
  mapping:
    language: jsonata
    fields:
      channel: "'pos-stores'"
      channelOrderId: receipt.id
      placedAt: receipt.timestamp
      customer: "{ 'email': customer.email, 'name': customer.fullName }"
      shippingAddress: "{ 'name': store.name, 'line1': store.street, 'city': store.city, 'country': store.country }"
      lines: "receipt.items.{ 'sku': sku, 'quantity': qty, 'unitPrice': priceCents }"
      totals: "{ 'subtotal': receipt.subtotalCents, 'tax': receipt.taxCents, 'grandTotal': receipt.totalCents }"
  retry:
    maxAttempts: 5
    backoff:
      strategy: exponential
      initialSeconds: 5
      maxSeconds: 300
  deadLetter:
    type: queue
    target: oms-intake-pos-dlq
`

const deadLetter = documentRule({
  id: 'OMS-CH-001',
  group: 'channels',
  scope: 'document',
  kinds: ['Channel'],
  severity: 'error',
  title: 'Finite retries end in a dead-letter target',
  description: 'When `retry.maxAttempts` is a number, a payload that still fails after the '
    + 'last attempt is dropped unless `deadLetter` names where it goes: an order is lost '
    + 'without a trace. With `maxAttempts: unlimited` nothing is dropped (but the channel '
    + 'may stall).',
  examples: {
    pass: CHANNEL,
    fail: CHANNEL.replace('  deadLetter:\n    type: queue\n    target: oms-intake-pos-dlq\n', '')
      .replace('maxAttempts: 5', 'maxAttempts: 5           # <- then what?'),
  },
  * check({ spec }) {
    if (spec.retry.maxAttempts === 'unlimited' || spec.deadLetter !== undefined) return

    yield {
      pointer: '/spec/retry/maxAttempts',
      message: `after ${spec.retry.maxAttempts} failed attempts a payload is dropped: the channel has no dead-letter target`,
      hint: 'add deadLetter: {type: queue, target: NAME}',
    }
  },
})

const backoffCeiling = documentRule({
  id: 'OMS-CH-002',
  group: 'channels',
  scope: 'document',
  kinds: ['Channel', 'Webhook', 'Integration'],
  severity: 'error',
  title: 'Maximum backoff is not below the initial backoff',
  description: 'Retries wait `initialSeconds`, growing up to `maxSeconds`. A ceiling below '
    + 'the first wait is a contradiction (usually minutes written where seconds belong); the '
    + 'OMS would clamp every wait to it. Checked for every retry policy: channels, webhooks '
    + 'and integrations.',
  examples: {
    pass: CHANNEL,
    fail: CHANNEL.replace('maxSeconds: 300', 'maxSeconds: 3            # <- below initialSeconds'),
  },
  * check(document) {
    const { backoff } = (document as RuleDocument<'Channel'>).spec.retry
    if (backoff.maxSeconds === undefined || backoff.maxSeconds >= backoff.initialSeconds) return

    yield {
      pointer: '/spec/retry/backoff/maxSeconds',
      message: `the longest wait (${backoff.maxSeconds} s) is shorter than the first one (${backoff.initialSeconds} s)`,
      hint: `set maxSeconds to at least ${backoff.initialSeconds}`,
    }
  },
})

const mappingPresent = documentRule({
  id: 'OMS-CH-003',
  group: 'channels',
  scope: 'document',
  kinds: ['Channel'],
  severity: 'error',
  title: 'A channel that does not send canonical orders has a mapping',
  description: 'Only `payloadFormat: canonical-json` payloads are orders already; every other '
    + 'format (json, xml, csv, edi-x12, edifact) needs `mapping` to become one, or every '
    + 'payload fails intake.',
  examples: {
    pass: CHANNEL,
    fail: CHANNEL.slice(0, CHANNEL.indexOf('  mapping:'))
      .replace('payloadFormat: json', 'payloadFormat: json      # <- no mapping')
      + CHANNEL.slice(CHANNEL.indexOf('  retry:')),
  },
  * check({ spec }) {
    if (spec.payloadFormat === 'canonical-json' || spec.mapping !== undefined) return

    yield {
      pointer: '/spec/payloadFormat',
      message: `${spec.payloadFormat} payloads need a mapping to the canonical order, and this channel has none`,
      hint: 'add mapping: {language: jsonata, fields: {...}}, or send canonical-json',
    }
  },
})

const mappingComplete = documentRule({
  id: 'OMS-CH-004',
  group: 'channels',
  scope: 'document',
  kinds: ['Channel'],
  severity: 'error',
  title: 'A mapping produces every required field of the canonical order',
  description: `The canonical order requires ${CANONICAL_REQUIRED.join(', ')}. A mapping `
    + 'must compute each of them, except those the channel\'s `defaults` supply (currency); '
    + 'otherwise every mapped order fails validation.',
  examples: {
    pass: CHANNEL,
    fail: CHANNEL.replace('    fields:\n      channel: "\'pos-stores\'"\n', '    fields:                 # <- no channel\n'),
  },
  * check({ spec }) {
    const fields = spec.mapping?.fields
    if (!fields) return

    const missing = CANONICAL_REQUIRED.filter((field) => {
      const defaulted = DEFAULTABLE[field]
      const fromDefaults = defaulted !== undefined && spec.defaults?.[defaulted] !== undefined
      return !Object.hasOwn(fields, field) && !fromDefaults
    })
    if (missing.length === 0) return

    yield {
      pointer: '/spec/mapping/fields',
      message: `the mapping does not produce ${missing.join(', ')}, which every canonical order needs`,
      hint: `add an expression for ${missing.join(', ')}`,
    }
  },
})

export const CHANNEL_RULES: readonly Rule[] = [
  deadLetter, backoffCeiling, mappingPresent, mappingComplete,
]
