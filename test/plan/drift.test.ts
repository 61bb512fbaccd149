import { describe, expect, it } from 'vitest'

import type { AuditEntry } from '../../src/api/live-resource.js'
import { attributeDrift, computeDrift } from '../../src/drift/compute-drift.js'
import type { DriftReport } from '../../src/drift/drift-types.js'
import { auditReads } from '../../src/drift/run-drift.js'
import { renderDriftMarkdown } from '../../src/render/drift-markdown.js'
import { doc, live } from './fixtures.js'

function entry(seq: number, op: string, name: string, actor: string, change: string[]): AuditEntry {
  return {
    seq, time: `2026-01-0${seq}T00:00:00Z`, actor, tenant: 't', op, kind: 'Role', name, change,
    gitCommit: null, planId: null, author: null,
  }
}

describe('computeDrift', () => {
  const desired = [
    doc('Role', 'agent', { description: 'Agents', permissions: ['orders:read'] }),
    doc('Role', 'lead', { permissions: ['orders:read'] }),
    doc('Role', 'gone', { permissions: ['orders:read'] }),
  ]
  const current = [
    live('Role', 'agent', { description: 'Agents!', permissions: ['orders:read'] }),
    live('Role', 'lead', { permissions: ['orders:read'] }),
    live('Role', 'retired', {}, { managedBy: 'omsctl' }),
    live('Role', 'handmade', {}, { managedBy: null }),
  ]
  const input = { desired, live: current, secrets: new Map<string, string>() }

  it('reports changed fields with both values, missing and no-longer-in-git resources', () => {
    const body = computeDrift({ ...input, includeUnmanaged: false })

    expect(body.drifted.map(resource => `${resource.id} ${resource.state}`)).toEqual([
      'Role/agent changed', 'Role/gone missing', 'Role/retired not-in-git',
    ])
    expect(body.drifted[0]?.fields).toEqual([
      { path: 'spec.description', pointer: '/spec/description', change: 'changed', desired: 'Agents', live: 'Agents!' },
    ])
    expect(body.unmanaged).toEqual(['Role/handmade'])
    expect(body.summary).toMatchObject({ drifted: 3, inSync: 1, unmanaged: 1 })
  })

  it('counts unmanaged resources as drift on request', () => {
    const body = computeDrift({ ...input, includeUnmanaged: true })

    expect(body.drifted.map(resource => resource.id)).toContain('Role/handmade')
    expect(body.unmanaged).toEqual([])
  })

  it('names the last writer of each field from the audit log', () => {
    const body = computeDrift({ ...input, includeUnmanaged: false })
    const audit = [
      entry(1, 'create', 'agent', 'ci', []),
      entry(2, 'update', 'agent', 'bob', ['/spec/description']),
      entry(3, 'update', 'agent', 'carol', ['/spec/permissions/0']),
      entry(4, 'delete', 'gone', 'dave', []),
    ]

    const attributed = attributeDrift(body, audit)

    expect(attributed.drifted[0]?.fields[0]?.lastChange).toMatchObject({ actor: 'bob', seq: 2 })
    expect(attributed.drifted[0]?.lastChange).toMatchObject({ actor: 'carol' })
    expect(attributed.drifted[1]?.lastChange).toMatchObject({ actor: 'dave', op: 'delete' })
  })
})

describe('the audit reads of drift', () => {
  it('reads from the oldest update of the live ones, and by kind or name for the missing', () => {
    const desired = [
      doc('Role', 'agent', { description: 'Agents' }),
      doc('Role', 'gone', {}),
      doc('Webhook', 'a', {}),
      doc('Webhook', 'b', {}),
    ]
    const current = [
      { ...live('Role', 'agent', { description: 'Agents!' }), updatedAt: '2026-03-01T00:00:00.000Z' },
    ]
    const secrets = new Map<string, string>()
    const body = computeDrift({ desired, live: current, secrets, includeUnmanaged: false })

    const reads = auditReads(body.drifted, current)

    expect(reads).toEqual([
      { since: '2026-03-01T00:00:00.000Z' },
      { kind: 'Role', name: 'gone' },
      { kind: 'Webhook' },
    ])
  })
})

describe('markdown drift', () => {
  it('stays under the limit and says what it cut', () => {
    const count = 2000
    const desired = Array.from({ length: count }, (_, index) =>
      doc('Role', `role-${index}`, { description: 'git '.repeat(40), permissions: ['orders:read'] }))
    const current = Array.from({ length: count }, (_, index) =>
      live('Role', `role-${index}`, { description: 'live '.repeat(40), permissions: ['orders:read'] }))
    const secrets = new Map<string, string>()
    const body = computeDrift({ desired, live: current, secrets, includeUnmanaged: false })
    const report: DriftReport = {
      target: 'prod/acme', checkedAt: '2026-01-01T00:00:00Z',
      git: { commit: 'a'.repeat(40), ref: null, dirtyFiles: ['settings/roles.yaml'] }, ...body,
    }

    const markdown = renderDriftMarkdown(report)

    expect(markdown.length).toBeLessThan(60_000)
    expect(markdown).toContain(`**${count} resource(s) drifted**`)
    expect(markdown).toMatch(/✂️ \d+ row\(s\) not shown/)
    expect(markdown).toContain('| `Role/role-0` | `spec.description` |')
    expect(markdown).toContain('**Compared with uncommitted changes**: `settings/roles.yaml`')
  })
})
