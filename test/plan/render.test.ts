import { describe, expect, it } from 'vitest'

import { computePlan } from '../../src/plan/compute-plan.js'
import { registryGraph } from '../../src/plan/kind-graph.js'
import { PLAN_FORMAT, PLAN_FORMAT_VERSION, type Plan, type PlanBody } from '../../src/plan/plan-types.js'
import { renderPlan } from '../../src/render/plan-human.js'
import { renderPlanMarkdown } from '../../src/render/plan-markdown.js'
import { doc, live } from './fixtures.js'

function planOf(body: PlanBody): Plan {
  return {
    format: PLAN_FORMAT, formatVersion: PLAN_FORMAT_VERSION, planId: 'plan-1', createdAt: '2026-01-01T00:00:00Z',
    omsctlVersion: '0.1.0', target: { name: 'prod/acme', environment: 'prod', tenant: 'acme' },
    git: { commit: 'a'.repeat(40), author: 'Ada <ada@example.com>', ref: null, dirtyFiles: [] },
    desiredDigest: 'sha256:0', options: { prune: true, allowDeleteProtected: false }, ...body,
  }
}

const graph = registryGraph()

describe('human plan', () => {
  it('shows a unified diff of the changed lines with context, and the summary', () => {
    const spec = { url: 'https://hooks.example/new', events: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], retries: 3 }
    const body = computePlan({
      desired: [doc('Webhook', 'orders', spec), doc('Role', 'agent', {})],
      live: [live('Webhook', 'orders', { ...spec, retries: 5 }, { version: 7 }), live('Role', 'old', {})],
      secrets: new Map(), prune: true, allowDeleteProtected: false, graph,
    })

    const text = renderPlan(planOf(body))

    expect(text).toContain('~ update Webhook/orders')
    expect(text).toContain('(live version 7)')
    expect(text).toMatch(/- +retries: 5\n +\+ +retries: 3/)
    expect(text).not.toContain('url: https://hooks.example/new')
    expect(text).toContain('+ create Role/agent')
    expect(text).toContain('- delete Role/old')
    expect(text).toContain('Plan: 1 to create, 1 to update, 1 to delete.')
  })

  it('marks secrets by status and never shows a value', () => {
    const body = computePlan({
      desired: [doc('Integration', 'erp', { token: { secretRef: 'env:ERP_TOKEN' }, url: 'https://b.example' })],
      live: [live('Integration', 'erp', { token: { secretRef: 'env:ERP_TOKEN', fingerprint: 'hmac-sha256:AAAA:' + '0'.repeat(64) }, url: 'https://a.example' })],
      secrets: new Map([['env:ERP_TOKEN', 'hunter2']]), prune: false, allowDeleteProtected: false, graph,
    })

    const text = renderPlan(planOf(body))

    expect(text).toContain('spec.token: env:ERP_TOKEN (secret changed)')
    expect(text).toContain('token: {secretRef: env:ERP_TOKEN}  # (secret changed)')
    expect(text).not.toContain('hunter2')
  })

  it('says no changes when there are none', () => {
    const text = renderPlan(planOf({ changes: [], summary: { create: 0, update: 0, delete: 0, unchanged: 3 }, notes: { notPruned: ['Role/x'], protectedKept: [], unmanaged: [], unresolvedSecrets: 0 } }))

    expect(text).toContain('No changes.')
    expect(text).toContain('plan with --prune to delete')
  })
})

describe('markdown plan', () => {
  it('stays under the limit and says what it cut', () => {
    const desired = Array.from({ length: 400 }, (_, index) =>
      doc('Role', `role-${index}`, { description: 'x'.repeat(300), permissions: ['orders.read'] }))
    const body = computePlan({
      desired, live: [], secrets: new Map(), prune: false, allowDeleteProtected: false, graph,
    })

    const markdown = renderPlanMarkdown(planOf(body))

    expect(markdown.length).toBeLessThan(60_000)
    expect(markdown).toContain('**400 to create, 0 to update, 0 to delete**')
    expect(markdown).toMatch(/✂️ \d+ of 400 diffs are not shown/)
    expect(markdown).toContain('```diff')
  })

  it('warns that uncommitted changes are part of the plan', () => {
    const body = computePlan({ desired: [doc('Role', 'agent', {})], live: [], secrets: new Map(), prune: false, allowDeleteProtected: false, graph })
    const plan = planOf(body)
    plan.git.dirtyFiles = ['settings/rbac.yaml']

    const markdown = renderPlanMarkdown(plan)

    expect(markdown).toContain('**Uncommitted changes are part of this plan**: `settings/rbac.yaml`')
  })

  it('shows every diff of a small plan without a cut note', () => {
    const body = computePlan({ desired: [doc('Role', 'agent', {})], live: [], secrets: new Map(), prune: false, allowDeleteProtected: false, graph })

    const markdown = renderPlanMarkdown(planOf(body))

    expect(markdown).toContain('<code>Role/agent</code>')
    expect(markdown).not.toContain('✂️')
  })
})
