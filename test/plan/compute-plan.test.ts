import { randomBytes } from 'node:crypto'

import { describe, expect, it } from 'vitest'

import { computePlan, desiredDigest } from '../../src/plan/compute-plan.js'
import { registryGraph } from '../../src/plan/kind-graph.js'
import { fingerprintOf } from '../../src/secrets/fingerprint.js'
import { doc, live } from './fixtures.js'

const graph = registryGraph()
const base = {
  secrets: new Map<string, string>(), prune: false, allowDeleteProtected: false, graph,
}

describe('computePlan', () => {
  it('creates what is missing live and updates what differs, field by field', () => {
    const desired = [
      doc('Role', 'support', { permissions: ['orders.read', 'orders.write'] }),
      doc('Webhook', 'orders', { url: 'https://hooks.example/orders', events: ['order.created'] }),
    ]
    const current = [live('Webhook', 'orders', { url: 'https://hooks.example/old', events: ['order.created'] }, { version: 4 })]

    const plan = computePlan({ ...base, desired, live: current })

    expect(plan.summary).toEqual({ create: 1, update: 1, delete: 0, unchanged: 0 })
    const update = plan.changes.find(change => change.op === 'update')
    expect(update).toMatchObject({ id: 'Webhook/orders', liveVersion: 4 })
    expect(update?.fields).toEqual([{ path: 'spec.url', pointer: '/spec/url', change: 'changed' }])
  })

  it('reports nothing when live equals git, whatever the key order', () => {
    const desired = [doc('Role', 'support', { name: 'Support', permissions: ['a'] })]
    const current = [live('Role', 'support', { permissions: ['a'], name: 'Support' })]

    const plan = computePlan({ ...base, desired, live: current })

    expect(plan.changes).toEqual([])
    expect(plan.summary.unchanged).toBe(1)
  })

  it('names added, removed and changed fields, and list items by index', () => {
    const desired = [doc('Role', 'r', { a: 1, list: [1, 2, 3], nested: { keep: true, add: 'x' } })]
    const current = [live('Role', 'r', { a: 2, list: [1, 9, 3], nested: { keep: true }, gone: 1 })]

    const plan = computePlan({ ...base, desired, live: current })

    expect(plan.changes[0]?.fields.map(field => `${field.change} ${field.path}`)).toEqual([
      'changed spec.a', 'changed spec.list[1]', 'added spec.nested.add', 'removed spec.gone',
    ])
  })

  it('deletes only managed resources, only with --prune, and protected kinds only when allowed', () => {
    const current = [
      live('Role', 'old', {}, { version: 3 }),
      live('Role', 'handmade', {}, { managedBy: null }),
      live('AuditPolicy', 'audit', {}, { version: 2 }),
    ]

    const withoutPrune = computePlan({ ...base, desired: [], live: current })
    const pruned = computePlan({ ...base, desired: [], live: current, prune: true })
    const all = computePlan({
      ...base, desired: [], live: current, prune: true, allowDeleteProtected: true,
    })

    expect(withoutPrune.changes).toEqual([])
    expect(withoutPrune.notes.notPruned).toEqual(['Role/old', 'AuditPolicy/audit'])
    expect(withoutPrune.notes.unmanaged).toEqual(['Role/handmade'])
    expect(pruned.changes.map(change => `${change.op} ${change.id}`)).toEqual(['delete Role/old'])
    expect(pruned.notes.protectedKept).toEqual(['AuditPolicy/audit'])
    expect(all.changes.map(change => change.id).sort()).toEqual(['AuditPolicy/audit', 'Role/old'])
    expect(all.changes.find(change => change.id === 'Role/old')?.liveVersion).toBe(3)
  })

  it('orders a role before the group that grants it and the approval policy before the lifecycle', () => {
    const desired = [
      doc('OrderLifecycle', 'standard', { transitions: [{ approval: { policy: 'high-value' } }] }),
      doc('Group', 'desk', { roles: ['agent'] }),
      doc('ApprovalPolicy', 'high-value', { bands: [{ approverRoles: ['agent'] }] }),
      doc('Role', 'agent', {}),
    ]

    const ids = computePlan({ ...base, desired, live: [] }).changes.map(change => change.id)

    expect(ids.indexOf('Role/agent')).toBeLessThan(ids.indexOf('Group/desk'))
    expect(ids.indexOf('Role/agent')).toBeLessThan(ids.indexOf('ApprovalPolicy/high-value'))
    expect(ids.indexOf('ApprovalPolicy/high-value')).toBeLessThan(ids.indexOf('OrderLifecycle/standard'))
  })

  it('deletes in reverse dependency order, after every create and update', () => {
    const current = [live('Role', 'agent', {}), live('Group', 'desk', { roles: ['agent'] })]
    const desired = [doc('Webhook', 'w', { url: 'https://x.example' })]

    const plan = computePlan({ ...base, desired, live: current, prune: true })
    const ids = plan.changes.map(change => change.id)

    expect(ids).toEqual(['Webhook/w', 'Group/desk', 'Role/agent'])
  })

  describe('secrets', () => {
    const salt = randomBytes(16)
    const stored = (value: string, ref = 'env:ERP_SECRET') => ({ secretRef: ref, fingerprint: fingerprintOf(value, salt) })
    const desired = [doc('Integration', 'erp', { auth: { secret: { secretRef: 'env:ERP_SECRET' } } })]

    it.each([
      ['the same value', 's3cret', 'unchanged', 0],
      ['another value', 'rotated', 'changed', 1],
    ] as const)('compares by fingerprint: %s is %s', (_, value, status, fields) => {
      const current = [live('Integration', 'erp', { auth: { secret: stored('s3cret') } })]

      const plan = computePlan({ ...base, desired, live: current, secrets: new Map([['env:ERP_SECRET', value]]) })
      const fingerprinted = computePlan({ ...base, desired: [], live: current })

      expect(plan.changes.flatMap(change => change.fields)).toHaveLength(fields)
      expect(plan.changes[0]?.secrets[0]?.status ?? 'unchanged').toBe(status)
      expect(JSON.stringify(plan)).not.toContain(value)
      expect(JSON.stringify(fingerprinted)).not.toContain('fingerprint')
    })

    it('cannot compare an unresolved secret, and does not call it a change', () => {
      const current = [live('Integration', 'erp', { auth: { secret: stored('s3cret') } })]

      const plan = computePlan({ ...base, desired, live: current })

      expect(plan.changes).toEqual([])
      expect(plan.notes.unresolvedSecrets).toBe(1)
    })

    it('treats a new reference as a change even without the value', () => {
      const current = [live('Integration', 'erp', { auth: { secret: stored('s3cret', 'env:OLD') } })]

      const plan = computePlan({ ...base, desired, live: current })

      expect(plan.changes[0]?.secrets).toEqual([{ path: 'spec.auth.secret', ref: 'env:ERP_SECRET', status: 'changed' }])
      expect(plan.changes[0]?.live?.spec).toEqual({ auth: { secret: { secretRef: 'env:OLD' } } })
    })
  })
})

describe('desiredDigest', () => {
  it('depends on content, not on document order', () => {
    const a = doc('Role', 'a', { x: 1 })
    const b = doc('Role', 'b', { x: 2 })

    expect(desiredDigest([a, b])).toBe(desiredDigest([b, a]))
    expect(desiredDigest([a, b])).not.toBe(desiredDigest([a, doc('Role', 'b', { x: 3 })]))
    expect(desiredDigest([a])).toMatch(/^sha256:[0-9a-f]{64}$/)
  })
})
