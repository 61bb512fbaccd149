/**
 * The rule pack, in the order `omsctl rules`, the README and SARIF list it. Ids are stable:
 * a rule that changes meaning gets a new id, and an id is never reused.
 */
import { APPROVAL_RULES } from './approval-rules.js'
import { CHANNEL_RULES } from './channel-rules.js'
import { CODE_RULES } from './code-rules.js'
import { COMPLIANCE_RULES } from './compliance-rules.js'
import { CREDENTIAL_RULES } from './credential-rules.js'
import { INTEGRATION_RULES } from './integration-rules.js'
import { INVENTORY_RULES } from './inventory-rules.js'
import { LIFECYCLE_RULES } from './lifecycle-rules.js'
import { RBAC_RULES } from './rbac-rules.js'
import { REGION_RULES } from './region-rules.js'
import type { Rule } from './rule.js'
import { WAIVER_RULES } from './waiver-rules.js'

export const RULES: readonly Rule[] = [
  ...LIFECYCLE_RULES,
  ...APPROVAL_RULES,
  ...INVENTORY_RULES,
  ...RBAC_RULES,
  ...CODE_RULES,
  ...REGION_RULES,
  ...COMPLIANCE_RULES,
  ...INTEGRATION_RULES,
  ...CREDENTIAL_RULES,
  ...CHANNEL_RULES,
  ...WAIVER_RULES,
]

const byId = new Map(RULES.map(rule => [rule.id, rule]))

export function findRule(id: string): Rule | undefined {
  return byId.get(id.toUpperCase())
}
