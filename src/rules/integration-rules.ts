/** OMS-IW: what the OMS calls out to is reachable only over TLS, signed, public and unique. */
import { internalTarget } from './network-targets.js'
import { missingReferences } from './references.js'
import { documentRule, type Rule, type RuleDocument } from './rule.js'
import { visitStrings } from './values-at.js'

/** Kinds whose URLs the OMS calls (or hands to a queue) from its own servers. */
const CALLING_KINDS = ['Integration', 'Webhook', 'Channel', 'AuditPolicy'] as const

const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i
const CLEARTEXT = new Set(['http:', 'ws:', 'ftp:'])

const WEBHOOK = `apiVersion: omsctl.dev/v1
kind: Webhook
metadata:
  name: erp-order-events
spec:
  url: https://hooks.acme.example/oms/orders
  topics: [order.created, order.cancelled]
  signingSecret:
    secretRef: env:WEBHOOK_SIGNING_SECRET
  active: true
  retry:
    maxAttempts: 5
    backoff:
      strategy: exponential
      initialSeconds: 5
      maxSeconds: 300
  deadLetter:
    type: queue
    target: oms-webhook-dlq
`

const SECOND_WEBHOOK = WEBHOOK.replace('erp-order-events', 'notify-events')
  .replace('https://hooks.acme.example/oms/orders', 'https://notify.acme.example/hooks/oms')

const TAX_POLICY = `apiVersion: omsctl.dev/v1
kind: TaxPolicy
metadata:
  name: na-sales-tax
spec:
  pricesIncludeTax: false
  rates:
    - name: ca-gst
      country: CA
      category: standard
      ratePercent: 5
  rounding:
    mode: half-even
    level: order
  calculation:
    engine: external
    integration: avalara-tax
---
apiVersion: omsctl.dev/v1
kind: Integration
metadata:
  name: avalara-tax
spec:
  type: tax
  vendor: avalara
  baseUrl: https://rest.avatax.com/api/v2
  auth:
    type: basic
    username: "2001234567"
    password:
      secretRef: env:AVALARA_LICENSE_KEY
  sync:
    mode: realtime
  timeoutSeconds: 10
  retry:
    maxAttempts: 4
    backoff:
      strategy: fixed
      initialSeconds: 2
`

interface FoundUrl {
  pointer: string
  url: URL
}

/** Found once per document for the rules that read URLs. */
const urlCache = new WeakMap<RuleDocument, FoundUrl[]>()

/** Every URL in a document's spec, skipping prose. */
function urlsOf(document: RuleDocument): FoundUrl[] {
  let urls = urlCache.get(document)
  if (!urls) {
    const found: FoundUrl[] = []
    visitStrings(document.spec, (value, key, at) => {
      if (key === 'description' || !URL_LIKE.test(value)) return

      const url = parseUrl(value)
      if (url) found.push({ pointer: at(), url })
    }, '/spec')
    urls = found
    urlCache.set(document, urls)
  }

  return urls
}

const httpsOnly = documentRule({
  id: 'OMS-IW-001',
  group: 'integrations',
  scope: 'document',
  kinds: CALLING_KINDS,
  severity: 'error',
  security: true,
  title: 'Endpoints use HTTPS',
  description: 'The schemas already require https:// in declared URL fields; this rule finds '
    + 'cleartext URLs (http://, ws://, ftp://) anywhere else in Integrations, Webhooks, '
    + 'Channels and AuditPolicies, such as dead-letter targets, where order and customer '
    + 'data would travel unencrypted.',
  examples: {
    pass: WEBHOOK,
    fail: WEBHOOK.replace('type: queue\n    target: oms-webhook-dlq',
      'type: topic\n    target: http://events.acme.example/dlq  # <- cleartext'),
  },
  * check(document) {
    for (const { pointer, url } of urlsOf(document)) {
      if (!CLEARTEXT.has(url.protocol)) continue

      yield {
        pointer,
        message: `${url.protocol.slice(0, -1)}:// sends data unencrypted`,
        hint: `use ${url.protocol === 'ws:' ? 'wss' : 'https'}://${url.host}${url.pathname}`,
      }
    }
  },
})

const signedWebhooks = documentRule({
  id: 'OMS-IW-002',
  group: 'integrations',
  scope: 'document',
  kinds: ['Webhook'],
  severity: 'error',
  security: true,
  title: 'Every webhook has a signing secret',
  description: 'Receivers verify that a delivery comes from the OMS by its signature; '
    + 'without `signingSecret` anyone who learns the URL can post fake order events to it.',
  examples: {
    pass: WEBHOOK,
    fail: WEBHOOK.replace('  signingSecret:\n    secretRef: env:WEBHOOK_SIGNING_SECRET\n', '')
      .replace('spec:\n', 'spec:                          # <- no signingSecret\n'),
  },
  * check({ spec }) {
    if (spec.signingSecret !== undefined) return

    yield {
      pointer: '/spec/signingSecret',
      message: 'the webhook has no signing secret, so receivers cannot tell real deliveries from forged ones',
      hint: 'add signingSecret: {secretRef: env:NAME}',
    }
  },
})

const publicTargets = documentRule({
  id: 'OMS-IW-003',
  group: 'integrations',
  scope: 'document',
  kinds: CALLING_KINDS,
  severity: 'error',
  security: true,
  title: 'No endpoint on an internal address',
  description: 'The OMS calls these URLs from inside its own network. A URL on loopback, '
    + 'link-local, private or carrier-grade NAT ranges, a cloud metadata service '
    + '(169.254.169.254, fd00:ec2::254, 168.63.129.16...), or an obviously internal name '
    + '(localhost, single-label names, *.internal, *.local, metadata.google.internal, names '
    + 'like 10.0.0.1.nip.io) would let whoever edits settings reach internal systems (SSRF). '
    + 'IP addresses are compared in every notation a URL accepts: decimal (2130706433), hex '
    + '(0x7f.1), octal (0177.0.0.1) and IPv6 forms that embed IPv4 ([::ffff:127.0.0.1]). '
    + 'Hosts listed in `spec.rules.allow.internalHosts` are accepted.',
  settings: ['internalHosts'],
  examples: {
    pass: WEBHOOK,
    fail: WEBHOOK.replace('url: https://hooks.acme.example/oms/orders', 'url: https://2130706433/oms/orders  # <- 127.0.0.1'),
  },
  * check(document, { settings }) {
    for (const { pointer, url } of urlsOf(document)) {
      const reason = internalTarget(url, settings.allow.internalHosts)
      if (reason === undefined) continue

      yield {
        pointer,
        message: `this URL points at ${reason}; the OMS must not call internal systems`,
        hint: 'use the public name of the endpoint, or list the host under '
          + 'spec.rules.allow.internalHosts in omsctl.yaml if it is meant to be internal',
      }
    }
  },
})

const uniqueEndpoints: Rule = {
  id: 'OMS-IW-004',
  group: 'integrations',
  scope: 'target',
  reads: ['Webhook', 'Integration'],
  severity: 'error',
  title: 'Endpoints are unique',
  description: 'Two Webhooks with the same URL deliver every event twice to one receiver; two '
    + 'Integrations with the same base URL sync the same system twice. URLs are compared as '
    + 'endpoints: host names without case and without a trailing dot (`hooks.acme.example.` '
    + 'is `hooks.acme.example`), without default ports and without trailing slashes.',
  examples: {
    pass: `${WEBHOOK}---\n${SECOND_WEBHOOK}`,
    fail: `${WEBHOOK}---\n${SECOND_WEBHOOK.replace('url: https://notify.acme.example/hooks/oms',
      'url: https://HOOKS.acme.example.:443/oms/orders/  # <- same as erp-order-events')}`,
  },
  * check(documents) {
    const seen = new Map<string, RuleDocument>()
    const entries = [
      ...documents.of('Webhook').map(document => ({ document, pointer: '/spec/url', url: document.spec.url })),
      ...documents.of('Integration').map(document => ({ document, pointer: '/spec/baseUrl', url: document.spec.baseUrl })),
    ]
    for (const { document, pointer, url } of entries) {
      const key = `${document.kind} ${normalizeUrl(url)}`
      const first = seen.get(key)
      if (!first) {
        seen.set(key, document)
        continue
      }

      yield {
        document,
        pointer,
        message: `${first.id} already uses this endpoint`,
        hint: document.kind === 'Webhook'
          ? 'subscribe one webhook to all the topics instead of two to the same URL'
          : 'remove the duplicate integration',
      }
    }
  },
}

const integrationReferences: Rule = {
  id: 'OMS-IW-005',
  group: 'integrations',
  scope: 'target',
  reads: ['Channel', 'TaxPolicy', 'Integration'],
  severity: 'error',
  title: 'Channels and tax policies name existing integrations',
  description: 'A Channel\'s `integration` and an external TaxPolicy\'s '
    + '`calculation.integration` must name an Integration of the target, or orders from the '
    + 'channel cannot be acknowledged and taxes cannot be computed.',
  examples: {
    pass: TAX_POLICY,
    fail: TAX_POLICY.replace('integration: avalara-tax', 'integration: avalara          # <- no such Integration'),
  },
  check: documents => missingReferences(documents, ['Channel', 'TaxPolicy'], 'Integration', 'it names'),
}

/**
 * One endpoint, one key: lower-case scheme and host, no trailing dot on the host (the same
 * name in DNS), no default port, no credentials, no trailing slash, no fragment.
 */
function normalizeUrl(text: string): string {
  const url = parseUrl(text)
  if (!url) return text

  const host = url.hostname.replace(/\.$/, '')
  const port = url.port === '' ? '' : `:${url.port}`
  return `${url.protocol}//${host}${port}${url.pathname.replace(/\/+$/, '')}${url.search}`
}

/** One parse instead of URL.canParse and new URL: URLs are in the hot loop of two rules. */
function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text)
  } catch {
    return undefined
  }
}

export const INTEGRATION_RULES: readonly Rule[] = [
  httpsOnly, signedWebhooks, publicTargets, uniqueEndpoints, integrationReferences,
]
