/** OMS-WV: a waiver is a dated, named exception, not a way to switch a rule off for good. */
import { choiceHint } from '../check/messages.js'
import { KIND_NAMES } from '../model/kinds.js'
import { documentRule, type Rule, type RuleDocument } from './rule.js'
import { isExpired, waiversOf } from './waivers.js'

const audit = (waiver: string): string => `apiVersion: omsctl.dev/v1
kind: AuditPolicy
metadata:
  name: sandbox-audit
  waivers:
${waiver}spec:
  level: minimal
  retentionDays: 90
  immutable: true
`

const waiver = (rule: string, expires: string): string => `    - rule: ${rule}
      reason: Sandbox tenant without real orders; approved by compliance (GRC-311)
      expires: "${expires}"
`

const ACTIVE = waiver('OMS-CP-001', '2999-12-31')

const expired = documentRule({
  id: 'OMS-WV-001',
  group: 'waivers',
  scope: 'document',
  kinds: KIND_NAMES,
  applies: hasWaivers,
  severity: 'error',
  unwaivable: true,
  title: 'No expired waiver',
  description: 'A waiver applies up to and including its `expires` day (UTC). After it, the '
    + 'waived rule reports again and the waiver itself is a problem, so that exceptions are '
    + 'reviewed rather than forgotten: renew it with a new reason, or fix the document.',
  examples: {
    pass: audit(ACTIVE),
    fail: audit(waiver('OMS-CP-001', '2024-01-31').replace('"2024-01-31"', '"2024-01-31"       # <- expired')),
  },
  * check(document, { today }) {
    for (const waiver of waiversOf(document)) {
      if (!isExpired(waiver, today)) continue

      yield {
        pointer: `/metadata/waivers/${waiver.index}/expires`,
        message: `the waiver of ${waiver.rule} expired on ${waiver.expires}`,
        hint: `fix what ${waiver.rule} reports, or renew the waiver with a new date and reason`,
      }
    }
  },
})

const knownRule = documentRule({
  id: 'OMS-WV-002',
  group: 'waivers',
  scope: 'document',
  kinds: KIND_NAMES,
  applies: hasWaivers,
  severity: 'error',
  unwaivable: true,
  title: 'A waiver names a rule of the pack',
  description: 'A waiver for a rule id that does not exist (a typo, or a rule since renamed) '
    + 'waives nothing, while the reader believes it does. `omsctl rules` lists the ids.',
  examples: {
    pass: audit(ACTIVE),
    fail: audit(waiver('OMS-CP-099', '2999-12-31').replace('OMS-CP-099', 'OMS-CP-099         # <- no such rule')),
  },
  * check(document, { ruleIds }) {
    for (const waiver of waiversOf(document)) {
      if (ruleIds.has(waiver.rule)) continue

      yield {
        pointer: `/metadata/waivers/${waiver.index}/rule`,
        message: `the waiver names ${waiver.rule}, which is not a rule of the pack`,
        hint: choiceHint(waiver.rule, [...ruleIds], 'rule ids'),
      }
    }
  },
})

/** Most documents have no waivers; these rules skip them without a call. */
function hasWaivers(document: RuleDocument): boolean {
  return document.metadata.waivers !== undefined
}

export const WAIVER_RULES: readonly Rule[] = [expired, knownRule]
