/** OMS-RB: groups grant roles that exist, and no one holds more power than their job needs. */
import type { Permission } from '../model/kinds.generated.js'
import { APPROVAL_POLICY } from './example-documents.js'
import { formatMoney } from './money.js'
import { missingReferences } from './references.js'
import type { Report, Rule, RuleContext, RuleDocument } from './rule.js'
import type { DocumentIndex } from './document-index.js'

/** Permissions that change the platform for every business unit. */
const PRIVILEGED: readonly Permission[] = ['settings:update', 'security:update', 'rbac:update']

const ROLES = `---
apiVersion: omsctl.dev/v1
kind: Role
metadata:
  name: order-manager
spec:
  permissions: [orders:read, orders:approve]
---
apiVersion: omsctl.dev/v1
kind: Role
metadata:
  name: platform-admin
spec:
  permissions: [settings:read, settings:update]
`

const GROUP = `apiVersion: omsctl.dev/v1
kind: Group
metadata:
  name: eu-order-desk
spec:
  businessUnit: retail-eu
  roles: [order-manager]
  identityProviderGroups: [oms-eu-order-desk]
`

const groupRoles: Rule = {
  id: 'OMS-RB-001',
  group: 'rbac',
  scope: 'target',
  reads: ['Group', 'Role'],
  severity: 'error',
  title: 'Groups grant roles that exist',
  description: 'Every role a Group lists must be a Role of the target. A missing role is '
    + 'usually a typo or a role removed in a layer, and leaves the group\'s members without '
    + 'access they are meant to have.',
  examples: {
    pass: GROUP + ROLES,
    fail: GROUP.replace('roles: [order-manager]', 'roles: [order-manger]      # <- no such Role') + ROLES,
  },
  check: documents => missingReferences(documents, ['Group'], 'Role', 'the group grants'),
}

const privilegedGroups: Rule = {
  id: 'OMS-RB-002',
  group: 'rbac',
  scope: 'target',
  reads: ['Group', 'Role'],
  severity: 'error',
  title: 'Business-unit groups cannot change global settings or security',
  description: 'A Group with a `businessUnit` serves one part of the business; it must not '
    + `hold ${PRIVILEGED.join(', ')} through any of its roles, because those change the `
    + 'platform for every business unit. Platform groups (no businessUnit) may. A project '
    + 'can allow named groups with `spec.rules.allow.privilegedGroups`.',
  settings: ['privilegedGroups'],
  security: true,
  examples: {
    pass: GROUP + ROLES,
    fail: GROUP.replace('roles: [order-manager]', 'roles: [order-manager, platform-admin]  # <- settings:update') + ROLES,
  },
  * check(documents, context) {
    const allowed = new Set(context.settings.allow.privilegedGroups)
    for (const group of documents.of('Group')) {
      const unit = group.spec.businessUnit
      if (unit === undefined || allowed.has(group.name)) continue

      for (const [index, name] of group.spec.roles.entries()) {
        const role = documents.find('Role', name)
        const permissions = role?.spec.permissions ?? []
        const granted = permissions.filter(permission => PRIVILEGED.includes(permission))
        if (granted.length === 0) continue

        yield {
          document: group,
          pointer: `/spec/roles/${index}`,
          message: `business-unit group (${unit}) gets ${granted.join(', ')} through Role/${name}`,
          hint: 'grant a role without these permissions, or allow the group under '
            + 'spec.rules.allow.privilegedGroups in omsctl.yaml',
        }
      }
    }
  },
}

const dutySeparation: Rule = {
  id: 'OMS-RB-003',
  group: 'rbac',
  scope: 'target',
  reads: ['Role', 'ApprovalPolicy'],
  severity: 'error',
  title: 'No role both creates and approves orders',
  description: 'Separation of duties: a role with `orders:create` must not be an approver '
    + '(or escalation role) of a band that needs at least one approval, or one person could '
    + 'place an order and approve it. Bands below `spec.rules.thresholds.dutySeparationMinimum` '
    + '(minor units, default 0: every band that needs approval) are exempt.',
  settings: ['dutySeparationMinimum'],
  security: true,
  examples: {
    pass: `${APPROVAL_POLICY}---
apiVersion: omsctl.dev/v1
kind: Role
metadata:
  name: finance-approver
spec:
  permissions: [orders:read, orders:approve]
---
apiVersion: omsctl.dev/v1
kind: Role
metadata:
  name: order-manager
spec:
  permissions: [orders:read, orders:create]
`,
    fail: `${APPROVAL_POLICY
      .replace('approverRoles: [finance-approver]', 'approverRoles: [finance-approver]   # <- it can create orders')
      .replace('toRoles: [finance-approver]', 'toRoles: [finance-approver]         # <- and approves escalations')}---
apiVersion: omsctl.dev/v1
kind: Role
metadata:
  name: finance-approver
spec:
  permissions: [orders:read, orders:create, orders:approve]
---
apiVersion: omsctl.dev/v1
kind: Role
metadata:
  name: order-manager
spec:
  permissions: [orders:read]
`,
  },
  check: (documents, context) => dutySeparationReports(documents, context),
}

function* dutySeparationReports(documents: DocumentIndex, context: RuleContext): Generator<Report> {
  const creators = new Set(documents.of('Role')
    .filter(role => role.spec.permissions.includes('orders:create'))
    .map(role => role.name))
  if (creators.size === 0) return

  const minimum = context.settings.thresholds.dutySeparationMinimum
  for (const policy of documents.of('ApprovalPolicy')) {
    const { bands, currency, escalation } = policy.spec
    const guarded = bands.filter(band => band.requiredApprovals > 0 && band.minimum >= minimum)
    for (const [index, band] of bands.entries()) {
      if (!guarded.includes(band)) continue

      for (const [at, role] of band.approverRoles.entries()) {
        if (!creators.has(role)) continue

        const from = formatMoney(band.minimum, currency)
        yield duty(policy, `/spec/bands/${index}/approverRoles/${at}`, role, `approves band "${band.name}" (from ${from})`)
      }
    }

    if (guarded.length === 0) continue
    for (const [at, role] of (escalation?.toRoles ?? []).entries()) {
      if (creators.has(role)) yield duty(policy, `/spec/escalation/toRoles/${at}`, role, 'receives escalated approvals')
    }
  }
}

function duty(policy: RuleDocument, pointer: string, role: string, approves: string): Report {
  return {
    document: policy,
    pointer,
    message: `Role/${role} can create orders (orders:create) and ${approves}: `
      + 'one person could place and approve the same order',
    hint: 'approve with a role that cannot create orders, or split the role in two',
  }
}

export const RBAC_RULES: readonly Rule[] = [groupRoles, privilegedGroups, dutySeparation]
