import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

import { desiredState } from '../../src/check/desired-state.js'
import { validateProjectRun } from '../../src/check/validate-project.js'
import { loadProject } from '../../src/load/load-project.js'
import { KIND_NAMES, KINDS } from '../../src/model/kinds.js'
import { explain } from '../../src/explain/explain.js'
import { parseTarget } from '../../src/resolve/target.js'
import { memorySource } from '../rules/memory-project.js'

const project = `apiVersion: omsctl.dev/v1
kind: Project
metadata:
  name: governed
spec:
  layers: [global, 'regions/{region}', 'tenants/{tenant}']
  environments:
    - {name: prod, apiUrl: 'https://oms.example.com/admin', tokenEnv: PROD_TOKEN}
  tenants:
    - {name: acme-eu, region: eu}
    - {name: acme-us, region: na}
`

const governance = `apiVersion: omsctl.dev/v1
kind: Governance
metadata:
  name: platform
spec:
  rules:
    - kind: AuditPolicy
      paths: [spec.retentionDays]
      reason: seven years for SOX
    - kind: ApprovalPolicy
      name: 'global-*'
      paths: [spec.bands.*.minimum]
`

const audit = (name: string, retentionDays: number): string => `apiVersion: omsctl.dev/v1
kind: AuditPolicy
metadata:
  name: ${name}
spec:
  level: standard
  retentionDays: ${retentionDays}
  immutable: true
`

const role = `apiVersion: omsctl.dev/v1
kind: Role
metadata:
  name: approver
spec:
  description: Approves orders.
  permissions: [orders:read, orders:approve]
`

const approvals = (name: string, minimum: number): string => `apiVersion: omsctl.dev/v1
kind: ApprovalPolicy
metadata:
  name: ${name}
spec:
  currency: EUR
  bands:
    - name: large
      minimum: ${minimum}
      approverRoles: [approver]
      requiredApprovals: 1
  escalation:
    afterHours: 12
    toRoles: [approver]
`

const base = {
  'omsctl.yaml': project,
  'global/governance.yaml': governance,
  'global/audit.yaml': audit('platform-audit', 2555),
  'global/roles.yaml': role,
}

async function problemsOf(files: Record<string, string>): Promise<string[]> {
  const { report } = await validateProjectRun('/memory', { source: memorySource(files) })
  return report.problems.map(problem => `${problem.file}:${problem.line} ${problem.rule} ${problem.message}`)
}

describe('Governance', () => {
  it('stops a higher layer overriding a reserved field, naming the rule and where it is', async () => {
    const files = { ...base, 'regions/eu/audit.yaml': audit('platform-audit', 365) }

    const problems = await problemsOf(files)
    const loaded = await loadProject('/memory', { source: memorySource(files) })
    const explained = await explain(loaded, parseTarget(loaded.config, 'prod/acme-eu'), 'AuditPolicy/platform-audit', 'spec.retentionDays', false)

    expect(problems).toEqual([
      'regions/eu/audit.yaml:7 layer/governed spec.retentionDays is reserved by Governance/platform '
      + 'at global/governance.yaml:8 (layer global); this layer may not change it (seven years for SOX)',
    ])
    expect(explained.value).toBe(2555)
    expect(explained.leaves[0]?.steps.map(step => [step.layer, step.effect, step.locks])).toEqual([
      ['global', 'in-effect', true],
      ['regions/eu', 'stopped-by-lock', false],
    ])
  })

  it('stops a higher layer setting a reserved field on a document of its own', async () => {
    const files = { ...base, 'tenants/acme-us/audit.yaml': audit('us-audit', 3650) }

    expect(await problemsOf(files)).toEqual([
      'tenants/acme-us/audit.yaml:7 layer/governed spec.retentionDays is reserved by '
      + 'Governance/platform at global/governance.yaml:8 (layer global); this layer may not set it, '
      + 'not even on its own AuditPolicy (seven years for SOX)',
    ])
  })

  it('lets a higher layer write the value it inherits, as a lock does', async () => {
    const files = { ...base, 'tenants/acme-us/audit.yaml': audit('platform-audit', 2555) }

    expect(await problemsOf(files)).toEqual([])
  })

  it('reserves by name pattern and with * in a path', async () => {
    const files = {
      ...base,
      'global/approvals.yaml': `${approvals('global-orders', 100000)}---\n${approvals('eu-orders', 100000)}`,
      'regions/eu/approvals.yaml': `${approvals('global-orders', 5000)}---\n${approvals('eu-orders', 5000)}`,
      'tenants/acme-eu/approvals.yaml': approvals('global-returns', 7000),
    }

    const problems = await problemsOf(files)

    // the rule pack has its own opinion of one-band policies; only governance counts here
    const governed = problems.filter(problem => problem.includes(' layer/governed '))
    expect(governed.map(problem => problem.split(' ').slice(0, 3).join(' '))).toEqual([
      'regions/eu/approvals.yaml:9 layer/governed spec.bands.*.minimum',
      'tenants/acme-eu/approvals.yaml:9 layer/governed spec.bands.*.minimum',
    ])
  })

  it('refuses a tombstone that would remove the reserved fields', async () => {
    const tombstone = 'apiVersion: omsctl.dev/v1\nkind: AuditPolicy\nmetadata:\n  name: platform-audit\n  deleted: true\n'
    const files = { ...base, 'tenants/acme-eu/audit.yaml': tombstone }

    expect(await problemsOf(files)).toEqual([
      'tenants/acme-eu/audit.yaml:5 layer/governed the resource is reserved by Governance/platform '
      + 'at global/governance.yaml:8 (layer global); this layer may not delete it (seven years for SOX)',
    ])
  })

  it('belongs in the lowest layer only; elsewhere it is an error and reserves nothing', async () => {
    const files = {
      ...base,
      'global/governance.yaml': role.replace('approver', 'clerk'),
      'tenants/acme-eu/governance.yaml': governance,
      'tenants/acme-eu/audit.yaml': audit('platform-audit', 3000),
    }

    expect(await problemsOf(files)).toEqual([
      'tenants/acme-eu/governance.yaml:2 layer/governance-placement a Governance document belongs '
      + 'in the lowest layer (global), not in tenants/acme-eu: only that layer may reserve fields',
    ])
  })

  it('never reaches the desired state that plan and apply send to the OMS', async () => {
    const loaded = await loadProject('/memory', { source: memorySource(base) })

    const desired = desiredState(loaded, parseTarget(loaded.config, 'prod/acme-eu'))

    expect(desired.map(document => document.id).sort()).toEqual(['AuditPolicy/platform-audit', 'Role/approver'])
    expect(KINDS.Governance.live).toBe(false)
  })

  it('names in its schema every kind that can be reserved, which is every live kind', () => {
    const file = new URL('../../schemas/kinds/governance.schema.json', import.meta.url)
    const schema = JSON.parse(readFileSync(file, 'utf8')) as {
      $defs: { rule: { properties: { kind: { enum: string[] } } } }
    }

    const live = KIND_NAMES.filter(kind => KINDS[kind].live)
    expect(schema.$defs.rule.properties.kind.enum).toEqual(live)
  })
})
