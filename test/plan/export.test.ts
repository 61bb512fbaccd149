import { describe, expect, it } from 'vitest'

import { exportLive, kindFolder } from '../../src/export/export-live.js'
import { live } from './fixtures.js'

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
