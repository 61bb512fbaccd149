import { describe, expect, it } from 'vitest'

import { affectedScope, scopeOf } from '../../src/resolve/affected.js'
import { listTargets } from '../../src/resolve/target.js'
import { acmeProject } from './acme-project.js'

const config = acmeProject

const everyTarget = listTargets(config).map(target => target.name)

function affected(changed: string[]): string[] {
  return affectedScope(config, changed).targets.map(target => target.name)
}

describe('affectedScope', () => {
  it.each([
    ['a global file', ['global/security.yaml'], everyTarget],
    ['the project file', ['omsctl.yaml'], everyTarget],
    ['a region file', ['regions/eu/tax.yaml'], ['staging/acme-eu', 'staging/acme-fr', 'prod/acme-eu', 'prod/acme-fr']],
    ['a tenant file', ['tenants/acme-us/approvals.yaml'], ['staging/acme-us', 'prod/acme-us']],
    ['a file of one environment', ['tenants/acme-fr/prod/webhooks.yaml'], ['prod/acme-fr']],
    ['both sides of a move between tenants', ['tenants/acme-eu/x.yaml', 'tenants/acme-us/x.yaml'],
      ['staging/acme-eu', 'staging/acme-us', 'prod/acme-eu', 'prod/acme-us']],
    ['a file in no layer', ['docs/readme.md', 'tenants/gone/x.yaml'], []],
    ['nothing', [], []],
  ])('%s', (_, changed, expected) => {
    expect(affected(changed)).toEqual(expected)
  })

  it('reads exactly the folders of the affected targets', () => {
    const scope = affectedScope(config, ['tenants/acme-us/approvals.yaml'])

    expect(scope.folders).toEqual(['global', 'regions/na', 'tenants/acme-us', 'tenants/acme-us/staging', 'tenants/acme-us/prod'])
    expect(scope.reads('regions/na/tax.yaml')).toBe(true)
    expect(scope.reads('tenants/acme-us/prod/webhooks.yaml')).toBe(true)
    expect(scope.reads('regions/eu/tax.yaml')).toBe(false)
    expect(scope.reads('tenants/acme-eu/approvals.yaml')).toBe(false)
  })

  it('reads every layer folder for every target when the project file changed', () => {
    const scope = affectedScope(config, ['omsctl.yaml'])

    expect(scope.folders).toEqual(scopeOf(config, listTargets(config)).folders)
    expect(scope.reads('tenants/acme-fr/staging/x.yaml')).toBe(true)
  })
})
