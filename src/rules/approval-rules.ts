/** OMS-AP: every order value falls in exactly one band, approved by roles that exist. */
import type { ApprovalBand } from '../model/kinds.generated.js'
import { formatMoney } from './money.js'
import { missingReferences } from './references.js'
import { documentRule, type Issue, type Report, type Rule, type RuleDocument } from './rule.js'
import { APPROVAL_POLICY as POLICY, APPROVER_ROLES as ROLES, GLOBAL_SETTINGS } from './example-documents.js'
import { supportedCodes } from './supported-codes.js'

const bandOrder = documentRule({
  id: 'OMS-AP-001',
  group: 'approvals',
  scope: 'document',
  kinds: ['ApprovalPolicy'],
  severity: 'error',
  title: 'Approval bands increase strictly and do not overlap',
  description: 'Bands are listed lowest first; each starts above the one before and not '
    + 'before it ends (`maximum` is exclusive, so a band may start exactly where the previous '
    + 'one ends). Only the last band may be open-ended. An order in two bands gets an '
    + 'arbitrary approval path; a band that ends below its start holds no order.',
  examples: {
    pass: POLICY,
    fail: POLICY.replace('      minimum: 500000\n      approverRoles: [finance',
      '      minimum: 400000          # <- overlaps the small band\n      approverRoles: [finance'),
  },
  * check({ spec }) {
    const { bands, currency } = spec
    for (const [index, band] of bands.entries()) {
      const where = `/spec/bands/${index}`
      if (band.maximum !== undefined && band.maximum <= band.minimum) {
        yield {
          pointer: `${where}/maximum`,
          message: `band "${band.name}" ends at ${formatMoney(band.maximum, currency)}, not above its start`,
          hint: 'maximum is exclusive and must be greater than minimum',
        }
      }

      const previous = bands[index - 1]
      if (previous) yield* compareWithPrevious(previous, band, where, currency)
    }
  },
})

const bandGaps = documentRule({
  id: 'OMS-AP-002',
  group: 'approvals',
  scope: 'document',
  kinds: ['ApprovalPolicy'],
  severity: 'warning',
  title: 'Approval bands leave no gap',
  description: 'When a band ends below the start of the next one, orders whose total lies '
    + 'in between fall in no band and skip approval. Usually a digit too many or too few.',
  examples: {
    pass: POLICY,
    fail: POLICY.replace('      maximum: 500000\n', '      maximum: 50000           # <- 500.00 to 5,000.00 in no band\n'),
  },
  * check({ spec }) {
    const { bands, currency } = spec
    for (const [index, band] of bands.entries()) {
      const previous = bands[index - 1]
      if (previous?.maximum === undefined || previous.maximum >= band.minimum) continue
      if (previous.minimum >= band.minimum) continue

      yield {
        pointer: `/spec/bands/${index - 1}/maximum`,
        message: `orders from ${formatMoney(previous.maximum, currency)} up to `
          + `${formatMoney(band.minimum, currency)} fall in no band and need no approval`,
        hint: `end band "${previous.name}" at ${band.minimum}, where "${band.name}" starts`,
      }
    }
  },
})

const approverRoles: Rule = {
  id: 'OMS-AP-003',
  group: 'approvals',
  scope: 'target',
  reads: ['ApprovalPolicy', 'Role'],
  severity: 'error',
  title: 'Approver and escalation roles exist',
  description: 'Every role in a band\'s `approverRoles` and in `escalation.toRoles` must be '
    + 'a Role of the target; otherwise orders in that band wait for approvers who cannot '
    + 'exist.',
  examples: {
    pass: POLICY + ROLES,
    fail: POLICY.replace('approverRoles: [order-manager]', 'approverRoles: [order-managers]  # <- no such Role')
      + ROLES,
  },
  check: documents => missingReferences(documents, ['ApprovalPolicy'], 'Role', 'the approvers include'),
}

const policyCurrency: Rule = {
  id: 'OMS-AP-004',
  group: 'approvals',
  scope: 'target',
  reads: ['ApprovalPolicy', 'GlobalSettings'],
  severity: 'error',
  title: 'An approval policy\'s currency is supported',
  description: 'Band amounts are in the policy\'s currency, which must be one of the '
    + 'currencies the GlobalSettings support; orders in an unsupported currency never reach '
    + 'the policy. Not checked when the target has no GlobalSettings.',
  examples: {
    pass: `${POLICY}---
${GLOBAL_SETTINGS}`,
    fail: `${POLICY.replace('currency: EUR', 'currency: JPY                # <- not supported')}---
${GLOBAL_SETTINGS}`,
  },
  * check(documents) {
    const supported = supportedCodes(documents)
    if (!supported) return

    for (const document of documents.of('ApprovalPolicy')) {
      const { currency } = document.spec
      if (supported.currency.has(currency)) continue

      yield {
        document,
        pointer: '/spec/currency',
        message: `currency ${currency} is not among the supported currencies (${supported.from})`,
        hint: `add ${currency} to ${supported.field.currency} of ${supported.from}, or use one of: `
          + [...supported.currency].join(', '),
      }
    }
  },
}

const onePolicy: Rule = {
  id: 'OMS-AP-005',
  group: 'approvals',
  scope: 'target',
  reads: ['ApprovalPolicy'],
  severity: 'error',
  title: 'One approval policy per currency and order type',
  description: 'Two policies in the same currency that both cover an order type (a policy '
    + 'without `orderTypes` covers all of them) give one order two sets of bands, so it is '
    + 'undefined which approval path applies. Reported at the second policy.',
  examples: {
    pass: `${POLICY}---
${POLICY.replace('high-value-orders', 'b2b-orders').replace('[standard]', '[b2b]')}${ROLES}`,
    fail: `${POLICY}---
${POLICY.replace('high-value-orders', 'b2b-orders').replace('[standard]', '[b2b, standard]       # <- standard is covered twice')}${ROLES}`,
  },
  * check(documents) {
    const byCurrency = new Map<string, Coverage>()
    for (const document of documents.of('ApprovalPolicy')) {
      const { currency, orderTypes } = document.spec
      let coverage = byCurrency.get(currency)
      if (!coverage) {
        coverage = { byType: new Map() }
        byCurrency.set(currency, coverage)
      }

      if (orderTypes === undefined) {
        const other = coverage.all ?? coverage.first
        if (other) yield overlapReport(document, other, '/spec/currency', currency, undefined)
        coverage.all ??= document
        coverage.first ??= document
        continue
      }

      const reported = new Set<RuleDocument>()
      for (const [index, type] of orderTypes.entries()) {
        const other = coverage.all ?? coverage.byType.get(type)
        if (other && !reported.has(other)) {
          reported.add(other)
          yield overlapReport(document, other, `/spec/orderTypes/${index}`, currency, type)
        }

        if (!coverage.byType.has(type)) coverage.byType.set(type, document)
      }

      coverage.first ??= document
    }
  },
}

/** Which policy first covered each order type of one currency. */
interface Coverage {
  /** The first policy without orderTypes: it covers every type. */
  all?: RuleDocument<'ApprovalPolicy'>
  first?: RuleDocument<'ApprovalPolicy'>
  byType: Map<string, RuleDocument<'ApprovalPolicy'>>
}

function overlapReport(
  document: RuleDocument,
  other: RuleDocument,
  pointer: string,
  currency: string,
  type: string | undefined,
): Report {
  return {
    document,
    pointer,
    message: `${other.id} already covers ${currency} orders of ${type === undefined ? 'every type' : `type ${type}`}`,
    hint: 'give each policy distinct orderTypes, or merge the bands into one policy',
  }
}

function* compareWithPrevious(
  previous: ApprovalBand,
  band: ApprovalBand,
  where: string,
  currency: string,
): Generator<Issue> {
  const starts = (): string => formatMoney(band.minimum, currency)
  if (band.minimum <= previous.minimum) {
    yield {
      pointer: `${where}/minimum`,
      message: `band "${band.name}" starts at ${starts()}, not above band "${previous.name}" `
        + `(${formatMoney(previous.minimum, currency)})`,
      hint: 'list bands lowest first, each starting above the previous one',
    }
    return
  }

  if (previous.maximum === undefined || previous.maximum > band.minimum) {
    const ends = previous.maximum === undefined
      ? 'is open-ended'
      : `ends at ${formatMoney(previous.maximum, currency)}`
    yield {
      pointer: `${where}/minimum`,
      message: `band "${band.name}" starts at ${starts()}, inside band "${previous.name}", which ${ends}`,
      hint: `start "${band.name}" where "${previous.name}" ends, or end "${previous.name}" at ${band.minimum}`,
    }
  }
}

export const APPROVAL_RULES: readonly Rule[] = [
  bandOrder, bandGaps, approverRoles, policyCurrency, onePolicy,
]
