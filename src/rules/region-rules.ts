/** OMS-RG: one answer per address: one shipping zone, one tax rate, one way of pricing. */
import { documentRule, type Report, type Rule, type RuleDocument } from './rule.js'

const ZONES = `apiVersion: omsctl.dev/v1
kind: ShippingZone
metadata:
  name: us-contiguous
spec:
  destinations:
    - country: US
      subdivisions: [US-CA, US-NY, US-TX]
  methods:
    - name: ground
      carrier: fedex
      deliveryDays: {min: 2, max: 5}
      rate: {currency: USD, amount: 799}
---
apiVersion: omsctl.dev/v1
kind: ShippingZone
metadata:
  name: us-noncontiguous
spec:
  destinations:
    - country: US
      subdivisions: [US-AK, US-HI]
  methods:
    - name: ground
      carrier: usps
      deliveryDays: {min: 3, max: 8}
      rate: {currency: USD, amount: 1899}
`

const TAX = `apiVersion: omsctl.dev/v1
kind: TaxPolicy
metadata:
  name: eu-vat
spec:
  pricesIncludeTax: true
  rates:
    - name: de-standard
      country: DE
      category: standard
      ratePercent: 19
    - name: de-reduced
      country: DE
      category: reduced
      ratePercent: 7
  rounding:
    mode: half-up
    level: line
  calculation:
    engine: internal
`

interface Claim {
  zone: RuleDocument<'ShippingZone'>
}

const oneZone: Rule = {
  id: 'OMS-RG-001',
  group: 'regions',
  scope: 'target',
  reads: ['ShippingZone'],
  severity: 'error',
  title: 'A destination is in one shipping zone',
  description: 'A country may be in one zone as a whole, or split by subdivision across '
    + 'zones, but not both: a country in two zones, a whole country in one zone and one of '
    + 'its states in another, or one state in two zones gives an address two sets of '
    + 'shipping methods and rates. Reported at the later destination.',
  examples: {
    pass: ZONES,
    fail: ZONES.replace('subdivisions: [US-AK, US-HI]', 'subdivisions: [US-AK, US-HI, US-CA]  # <- US-CA is in us-contiguous'),
  },
  * check(documents) {
    const whole = new Map<string, Claim>()
    const parts = new Map<string, Claim>()
    const split = new Map<string, Claim>()
    for (const zone of documents.of('ShippingZone')) {
      for (const [index, destination] of zone.spec.destinations.entries()) {
        const { country, subdivisions = [] } = destination
        const where = `/spec/destinations/${index}`
        if (subdivisions.length === 0) {
          const other = whole.get(country) ?? split.get(country)
          if (other && other.zone !== zone) yield zoneReport(zone, `${where}/country`, country, other)
          if (!whole.has(country)) whole.set(country, { zone })
          continue
        }

        for (const [at, subdivision] of subdivisions.entries()) {
          const other = whole.get(country) ?? parts.get(subdivision)
          if (other && other.zone !== zone) {
            yield zoneReport(zone, `${where}/subdivisions/${at}`, subdivision, other)
          }

          if (!parts.has(subdivision)) parts.set(subdivision, { zone })
          if (!split.has(country)) split.set(country, { zone })
        }
      }
    }
  },
}

function zoneReport(zone: RuleDocument, pointer: string, place: string, other: Claim): Report {
  return {
    document: zone,
    pointer,
    message: `${place} is also covered by ${other.zone.id}; an address must fall in one shipping zone`,
    hint: `remove ${place} from one of the two zones`,
  }
}

const oneRate: Rule = {
  id: 'OMS-RG-002',
  group: 'regions',
  scope: 'target',
  reads: ['TaxPolicy'],
  severity: 'error',
  title: 'One tax rate per country, subdivision and category',
  description: 'Two rates for the same country (and subdivision) and category that take '
    + 'effect on the same day, in one TaxPolicy or in two, leave the tax of a line '
    + 'undefined. Rates with different `validFrom` dates are a schedule, not a duplicate.',
  examples: {
    pass: TAX,
    fail: TAX.replace('      category: reduced\n', '      category: standard       # <- DE standard twice\n'),
  },
  * check(documents) {
    const seen = new Map<string, { policy: RuleDocument, name: string }>()
    for (const policy of documents.of('TaxPolicy')) {
      for (const [index, rate] of policy.spec.rates.entries()) {
        const key = [rate.country, rate.subdivision ?? '', rate.category, rate.validFrom ?? ''].join('|')
        const first = seen.get(key)
        if (!first) {
          seen.set(key, { policy, name: rate.name })
          continue
        }

        const place = rate.subdivision ?? rate.country
        const where = first.policy === policy ? 'this policy' : first.policy.id
        yield {
          document: policy,
          pointer: `/spec/rates/${index}/category`,
          message: `a second ${rate.category} rate for ${place} (also "${first.name}" in ${where})`,
          hint: 'remove one of them, or give the later one a validFrom date',
        }
      }
    }
  },
}

const onePricing: Rule = {
  id: 'OMS-RG-003',
  group: 'regions',
  scope: 'target',
  reads: ['TaxPolicy'],
  severity: 'error',
  title: 'Prices in one country either include tax or exclude it',
  description: 'When one TaxPolicy with `pricesIncludeTax: true` and another with `false` '
    + 'both have rates for the same country, the same catalogue price means two different '
    + 'amounts to pay depending on which policy applies.',
  examples: {
    pass: TAX,
    fail: `${TAX}---
${TAX.replace('eu-vat', 'de-marketplace').replace('pricesIncludeTax: true', 'pricesIncludeTax: false')
  .replace('      country: DE\n      category: standard', '      country: DE              # <- DE prices include tax in eu-vat\n      category: standard')}`,
  },
  * check(documents) {
    const pricing = new Map<string, RuleDocument<'TaxPolicy'>>()
    for (const policy of documents.of('TaxPolicy')) {
      const reported = new Set<string>()
      for (const [index, rate] of policy.spec.rates.entries()) {
        const other = pricing.get(rate.country)
        if (!other) {
          pricing.set(rate.country, policy)
          continue
        }

        const same = other.spec.pricesIncludeTax === policy.spec.pricesIncludeTax
        if (same || reported.has(rate.country)) continue

        reported.add(rate.country)
        const here = policy.spec.pricesIncludeTax ? 'include' : 'exclude'
        yield {
          document: policy,
          pointer: `/spec/rates/${index}/country`,
          message: `prices in ${rate.country} ${here} tax here but ${here === 'include' ? 'exclude' : 'include'} it in ${other.id}`,
          hint: `use the same pricesIncludeTax for every policy with rates for ${rate.country}`,
        }
      }
    }
  },
}

const subdivisionOfCountry = documentRule({
  id: 'OMS-RG-004',
  group: 'regions',
  scope: 'document',
  kinds: ['ShippingZone', 'TaxPolicy'],
  severity: 'error',
  title: 'A subdivision belongs to its country',
  description: 'ISO 3166-2 subdivision codes start with their country (`US-CA` is in US). A '
    + 'subdivision under another country never matches an address.',
  examples: {
    pass: ZONES,
    fail: ZONES.replace('subdivisions: [US-AK, US-HI]', 'subdivisions: [US-AK, CA-BC]     # <- CA-BC is in Canada'),
  },
  * check(document) {
    if (document.kind === 'TaxPolicy') {
      const { spec } = document as RuleDocument<'TaxPolicy'>
      for (const [index, rate] of spec.rates.entries()) {
        if (rate.subdivision !== undefined && !rate.subdivision.startsWith(`${rate.country}-`)) {
          yield misplaced(`/spec/rates/${index}/subdivision`, rate.subdivision, rate.country)
        }
      }

      return
    }

    const { spec } = document as RuleDocument<'ShippingZone'>
    for (const [index, destination] of spec.destinations.entries()) {
      for (const [at, subdivision] of (destination.subdivisions ?? []).entries()) {
        if (!subdivision.startsWith(`${destination.country}-`)) {
          yield misplaced(`/spec/destinations/${index}/subdivisions/${at}`, subdivision, destination.country)
        }
      }
    }
  },
})

function misplaced(pointer: string, subdivision: string, country: string) {
  return {
    pointer,
    message: `subdivision ${subdivision} is not in ${country}`,
    hint: `list it under country ${subdivision.slice(0, subdivision.indexOf('-'))}, or use a ${country}-... code`,
  }
}

export const REGION_RULES: readonly Rule[] = [oneZone, oneRate, onePricing, subdivisionOfCountry]
