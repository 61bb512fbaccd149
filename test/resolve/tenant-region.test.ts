import { describe, expect, it } from 'vitest'

import { validateProjectRun } from '../../src/check/validate-project.js'
import { memorySource } from '../rules/memory-project.js'

const project = `apiVersion: omsctl.dev/v1
kind: Project
metadata:
  name: regions
spec:
  layers: [global, 'tenants/{tenant}']
  environments:
    - {name: prod, apiUrl: 'https://oms.example.com/admin', tokenEnv: PROD_TOKEN}
  tenants:
    - {name: acme-us, region: na}
`

const tenant = (region: string): string => `apiVersion: omsctl.dev/v1
kind: Tenant
metadata:
  name: acme-us
spec:
  displayName: ACME Inc.
  region: ${region}
  isolation: schema
  environments: [prod]
  status: active
`

async function problemsOf(files: Record<string, string>): Promise<string[]> {
  const { report } = await validateProjectRun('/memory', { source: memorySource(files) })
  return report.problems.map(problem => `${problem.file}:${problem.line}:${problem.column} ${problem.rule}`)
}

describe('a Tenant document and the region omsctl.yaml gives the tenant', () => {
  it.each([
    ['agree', 'na', []],
    ['disagree', 'eu', ['global/tenant.yaml:7:11 layer/tenant-region']],
  ])('%s', async (_, region, expected) => {
    const files = { 'omsctl.yaml': project, 'global/tenant.yaml': tenant(region) }

    expect(await problemsOf(files)).toEqual(expected)
  })

  it('is reported at the layer that set the region, with both regions named', async () => {
    const override = 'apiVersion: omsctl.dev/v1\nkind: Tenant\nmetadata:\n  name: acme-us\nspec:\n  region: eu\n'
    const files = {
      'omsctl.yaml': project,
      'global/tenant.yaml': tenant('na'),
      'tenants/acme-us/tenant.yaml': override,
    }

    const { report } = await validateProjectRun('/memory', { source: memorySource(files) })

    expect(report.problems).toEqual([expect.objectContaining({
      file: 'tenants/acme-us/tenant.yaml', line: 6, rule: 'layer/tenant-region',
      message: 'Tenant acme-us says region "eu", but omsctl.yaml puts it in region "na", '
        + 'which decides the region layer its targets merge',
      hint: 'set spec.region: na here, or move the tenant to region eu in omsctl.yaml',
    })])
  })
})
