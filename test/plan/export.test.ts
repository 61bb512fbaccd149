import { describe, expect, it } from 'vitest'

import { exportFolder } from '../../src/export/export-folder.js'
import { exportLive, kindFolder } from '../../src/export/export-live.js'
import { exportIntoLayer } from '../../src/export/layer-export.js'
import type { ProjectConfig } from '../../src/load/project-config.js'
import { parseTarget } from '../../src/resolve/target.js'
import { doc, live } from './fixtures.js'

describe('exportLive', () => {
  it('writes one document per resource in a folder per kind, secrets as references', () => {
    const webhook = live('Webhook', 'orders', {
      url: 'https://x.example',
      signingSecret: { secretRef: 'env:HOOK', fingerprint: 'hmac-sha256:AA:' + '0'.repeat(64) },
    })

    const exported = exportLive([webhook], 'prod/acme')

    expect(exported.files.map(file => file.path)).toEqual(['webhooks/orders.yaml'])
    expect(exported.files[0]?.text).toContain('signingSecret:\n    secretRef: env:HOOK\n')
    expect(exported.files[0]?.text).not.toContain('fingerprint')
    expect(exported.files[0]?.text).toMatch(/^# Exported by omsctl from prod\/acme: live version 1/)
    expect(exported.secrets).toEqual([{ id: 'Webhook/orders', path: 'spec.signingSecret', ref: 'env:HOOK' }])
  })

  it('gives a secret without a reference a placeholder to rename', () => {
    const integration = live('Integration', 'sap-erp', { auth: { clientSecret: { fingerprint: 'x' } } })

    const exported = exportLive([integration], 'prod/acme')

    expect(exported.secrets[0]?.ref).toBe('env:INTEGRATION_SAP_ERP_AUTH_CLIENT_SECRET')
  })

  it.each([
    ['ApprovalPolicy', 'approval-policies'], ['GlobalSettings', 'global-settings'],
    ['Role', 'roles'], ['ShippingZone', 'shipping-zones'],
  ])('puts %s in %s/', (kind, folder) => {
    expect(kindFolder(kind)).toBe(folder)
  })
})

describe('exportFolder', () => {
  const base: ProjectConfig = {
    apiVersion: 'omsctl.dev/v1',
    kind: 'Project',
    metadata: { name: 'p' },
    spec: {
      environments: [{ name: 'prod', apiUrl: 'http://127.0.0.1:1', tokenEnv: 'T' }],
      tenants: [{ name: 'acme-eu', region: 'eu' }],
    },
  }

  it('is the target\'s most specific layer in a layered project', () => {
    const config = { ...base, spec: { ...base.spec, layers: ['global', 'regions/{region}', 'tenants/{tenant}/{environment}'] } }

    expect(exportFolder(config, parseTarget(config, 'prod/acme-eu'))).toBe('tenants/acme-eu/prod')
  })

  it('is the first documents folder without layers', () => {
    const config = { ...base, spec: { ...base.spec, documents: ['settings', 'more'] } }

    expect(exportFolder(config, parseTarget(config, 'prod/acme-eu'))).toBe('settings')
    expect(exportFolder(base, parseTarget(base, 'prod/acme-eu'))).toBe('.')
  })
})

describe('exportIntoLayer', () => {
  const desired = [
    doc('Role', 'same', { permissions: ['orders:read'] }),
    doc('Role', 'moved', { description: 'git', permissions: ['orders:read'] }),
    doc('Role', 'shrunk', { description: 'git', permissions: ['orders:read'] }),
    doc('Role', 'own', { description: 'git' }),
  ]
  const locked = doc('AuditPolicy', 'audit', { retentionDays: 2555 })
  locked.resource.metadata.locked = ['spec.retentionDays']
  const state = {
    desired: [...desired, locked],
    inTargetLayer: new Map([['Role/own', { file: 'tenants/t/prod/own.yaml', line: 1 }]]),
  }

  it('leaves alone what the layers produce, writes what git lacks, and overrides what differs', () => {
    const current = [
      live('Role', 'same', { permissions: ['orders:read'] }),
      live('Role', 'moved', { description: 'live', permissions: ['orders:read', 'x'] }),
      live('Role', 'new', { permissions: [] }),
    ]

    const result = exportIntoLayer(current, state, 'prod/t')

    expect(result.inGit).toEqual(['Role/same'])
    expect(result.created).toEqual(['Role/new'])
    expect(result.overridden).toEqual(['Role/moved'])
    expect(result.conflicts).toEqual([])
    const override = result.files.find(file => file.path === 'roles/moved.yaml')?.text ?? ''
    expect(override).toContain('# Overrides what lower layers define: spec.description, spec.permissions.')
    expect(override).toContain('spec:\n  description: live\n  permissions:\n    - orders:read\n    - x\n')
  })

  it('names what an override cannot express', () => {
    const current = [
      live('Role', 'shrunk', { permissions: ['orders:read'] }),
      live('Role', 'own', { description: 'live' }),
      live('AuditPolicy', 'audit', { retentionDays: 30 }),
    ]

    const result = exportIntoLayer(current, state, 'prod/t')

    expect(result.files).toEqual([])
    expect(result.conflicts).toEqual([
      { id: 'Role/shrunk', reason: 'live lacks spec.description, which a lower layer sets (an override cannot remove a field)' },
      { id: 'Role/own', reason: 'the target\'s layer defines it at tenants/t/prod/own.yaml:1; live differs in spec.description' },
      { id: 'AuditPolicy/audit', reason: 'live differs in spec.retentionDays, which a lower layer locks' },
    ])
  })
})
