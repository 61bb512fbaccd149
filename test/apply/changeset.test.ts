import { describe, expect, it } from 'vitest'

import { buildChangeset } from '../../src/apply/changeset.js'
import type { PlannedChange, SecretField } from '../../src/plan/plan-types.js'

function change(op: PlannedChange['op'], secrets: SecretField[]): PlannedChange {
  const resource = {
    apiVersion: 'omsctl.dev/v1', kind: 'Webhook', metadata: { name: 'orders' },
    spec: { url: 'https://x.example', signingSecret: { secretRef: 'env:HOOK' } },
  }
  return {
    op, id: 'Webhook/orders', kind: 'Webhook', name: 'orders', liveVersion: op === 'create' ? null : 3,
    fields: [], secrets, ...(op === 'delete' ? { live: resource } : { desired: resource }),
  }
}

const where = (env: Record<string, string>) => ({ env, root: '/nowhere' })
const secretOf = (items: ReturnType<typeof buildChangeset>) =>
  (items[0]?.resource as { spec: { signingSecret: unknown } }).spec.signingSecret

describe('buildChangeset', () => {
  it('sends the resolved value of a new secret', () => {
    const items = buildChangeset([change('create', [{ path: 'spec.signingSecret', ref: 'env:HOOK', status: 'new' }])], where({ HOOK: 'v1' }))

    expect(items[0]).toMatchObject({ op: 'create', kind: 'Webhook', name: 'orders' })
    expect(secretOf(items)).toEqual({ secretRef: 'env:HOOK', value: 'v1' })
  })

  it('refuses a changed secret whose value is missing, naming the variable', () => {
    const changes = [change('update', [{ path: 'spec.signingSecret', ref: 'env:HOOK', status: 'changed' }])]

    expect(() => buildChangeset(changes, where({}))).toThrow(
      'Secret env:HOOK used by Webhook/orders spec.signingSecret is not available')
  })

  it('keeps the stored value of an unchanged secret it cannot resolve', () => {
    const changes = [change('update', [{ path: 'spec.signingSecret', ref: 'env:HOOK', status: 'unresolved' }])]

    const items = buildChangeset(changes, where({}))

    expect(items[0]).toMatchObject({ op: 'update', expectedVersion: 3 })
    expect(secretOf(items)).toEqual({ secretRef: 'env:HOOK' })
  })

  it.each(['unresolved', 'unchanged'] as const)(
    'never sends a value the plan did not show as changing (%s), even when one is available now',
    (status) => {
      const changes = [change('update', [{ path: 'spec.signingSecret', ref: 'env:HOOK', status }])]

      const items = buildChangeset(changes, where({ HOOK: 'rotated-since-the-plan' }))

      expect(secretOf(items)).toEqual({ secretRef: 'env:HOOK' })
      expect(JSON.stringify(items)).not.toContain('rotated-since-the-plan')
    },
  )

  it('sends a secret the plan did not list at all as its bare reference', () => {
    const items = buildChangeset([change('update', [])], where({ HOOK: 'v1' }))

    expect(secretOf(items)).toEqual({ secretRef: 'env:HOOK' })
  })

  it('deletes with the planned version and no body', () => {
    expect(buildChangeset([change('delete', [])], where({}))).toEqual([
      { op: 'delete', kind: 'Webhook', name: 'orders', expectedVersion: 3 },
    ])
  })
})
