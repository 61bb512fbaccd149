import { describe, expect, it } from 'vitest'

import { documentFolders } from '../../src/load/project-config.js'
import { declaredLayers, knownValues, placeFile } from '../../src/resolve/layers.js'
import { acmeProject } from './acme-project.js'

const config = acmeProject

describe('placeFile', () => {
  const layers = declaredLayers(config)
  const known = knownValues(config)

  it.each([
    ['global/audit.yaml', 'global', {}],
    ['global/rbac/roles.yaml', 'global', {}],
    ['regions/eu/tax.yaml', 'regions/eu', { region: 'eu' }],
    ['tenants/acme-eu/approvals.yaml', 'tenants/acme-eu', { tenant: 'acme-eu' }],
    ['tenants/acme-eu/prod/webhooks.yaml', 'tenants/acme-eu/prod', { tenant: 'acme-eu', environment: 'prod' }],
    ['tenants/acme-eu/rbac/groups.yaml', 'tenants/acme-eu', { tenant: 'acme-eu' }],
  ])('places %s in %s', (file, folder, values) => {
    const instance = placeFile(file, layers, known)

    expect(instance?.folder).toBe(folder)
    expect(instance?.values).toEqual(values)
  })

  it.each(['regions/apac/tax.yaml', 'tenants/unknown/x.yaml', 'misc/x.yaml'])('places %s nowhere', (file) => {
    expect(placeFile(file, layers, known)).toBeUndefined()
  })

  it('reads only the folders the layers live in', () => {
    expect(documentFolders(config)).toEqual(['global', 'regions', 'tenants', 'tenants'])
    expect(documentFolders({ ...config, spec: { documents: ['settings'] } })).toEqual(['settings'])
  })

  it('puts every document in one shared layer when no layers are declared', () => {
    const single = declaredLayers({ ...config, spec: { documents: ['settings'] } })

    expect(placeFile('settings/x.yaml', single, known)?.layer.rank).toBe(0)
  })
})
