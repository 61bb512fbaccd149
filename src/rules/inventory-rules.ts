/** OMS-IV: stock stays reserved while an order can still be waiting for someone. */
import { APPROVAL_POLICY, APPROVER_ROLES } from './example-documents.js'
import type { Rule, RuleDocument } from './rule.js'

const INVENTORY = `---
apiVersion: omsctl.dev/v1
kind: InventoryPolicy
metadata:
  name: default-inventory
spec:
  reservation:
    mode: hard
    ttlMinutes: 2880
    releaseOn: [order-cancelled, approval-rejected]
  safetyStock:
    units: 2
  backorders:
    allowed: false
`

const reservationOutlivesEscalation: Rule = {
  id: 'OMS-IV-001',
  group: 'inventory',
  scope: 'target',
  reads: ['InventoryPolicy', 'ApprovalPolicy'],
  severity: 'warning',
  title: 'A reservation outlives the longest approval escalation',
  description: 'An order waiting for approval holds its stock only as long as the '
    + 'reservation TTL. When the TTL is shorter than the longest `escalation.afterHours` of '
    + 'any ApprovalPolicy, the stock is released (and may be sold to someone else) while the '
    + 'order still waits; the approved order then cannot ship.',
  examples: {
    pass: APPROVAL_POLICY + INVENTORY + APPROVER_ROLES,
    fail: APPROVAL_POLICY
      + INVENTORY.replace('ttlMinutes: 2880', 'ttlMinutes: 240            # <- 4 h, escalation after 12 h')
      + APPROVER_ROLES,
  },
  * check(documents) {
    let longest: RuleDocument<'ApprovalPolicy'> | undefined
    for (const policy of documents.of('ApprovalPolicy')) {
      const hours = policy.spec.escalation?.afterHours ?? 0
      if (hours > (longest?.spec.escalation?.afterHours ?? 0)) longest = policy
    }

    const hours = longest?.spec.escalation?.afterHours
    if (!longest || hours === undefined) return

    for (const document of documents.of('InventoryPolicy')) {
      const { mode, ttlMinutes } = document.spec.reservation
      if (mode === 'none' || ttlMinutes === undefined || ttlMinutes >= hours * 60) continue

      yield {
        document,
        pointer: '/spec/reservation/ttlMinutes',
        message: `reservations expire after ${ttlMinutes} minutes, but ${longest.id} escalates `
          + `only after ${hours} hours: stock is released while orders wait for approval`,
        hint: `raise ttlMinutes to at least ${hours * 60}, or shorten the escalation`,
      }
    }
  },
}

export const INVENTORY_RULES: readonly Rule[] = [reservationOutlivesEscalation]
