import { afterEach, describe, expect, it } from 'vitest'

import { backends } from './harness/backends.js'
import { omsctl } from './harness/cli.js'
import { query, tamper } from './harness/databases.js'
import { resource, resources, role } from './harness/fixtures.js'
import { TEST_KEY } from './harness/server-process.js'
import { type Stage, stage } from './harness/stage.js'

interface Report { ok: boolean, checked: number, problems: { seq: number, problem: string }[] }
interface HeadRow { seq: number | string, hash: string, head_mac: string | null }

const NO_HEAD_MAC = 'the chain head carries no valid MAC'

/**
 * Tampering at the end of the chain, straight in the database file: the newest entries
 * deleted and the head pointed back at the entry before them, which links like a chain
 * that simply ends there.
 */
describe.each(backends)('audit chain end (%s)', (backend) => {
  let s: Stage<'admin'> | undefined

  afterEach(async () => {
    await s?.teardown()
  })

  async function withChanges(): Promise<Stage<'admin'>> {
    s = await stage(backend, { admin: { role: 'admin', tenants: ['*'] } })
    const api = s.api()
    await api.post(resources('acme'), role('ops'))
    await api.post(resources('acme'), role('viewer'))
    return s
  }

  async function entryHash(db: Stage<'admin'>['db'], seq: number): Promise<string> {
    const rows = await query<{ hash: string }>(db, 'SELECT hash FROM audit WHERE seq = ?', [seq])
    return rows[0]?.hash ?? ''
  }

  it('reports the newest entries deleted and the head rewritten, and keeps reporting it', async () => {
    const t = await withChanges()
    await t.api().put(resource('acme', 'Role', 'ops'), role('ops', ['orders:update']), { headers: { 'if-match': '"1"' } })
    const key = { OMSCTL_SERVER_KEY: TEST_KEY }

    await tamper(t.db, 'DELETE FROM audit WHERE seq > 1')
    await query(t.db, 'UPDATE audit_head SET seq = 1, hash = ? WHERE id = 1', [await entryHash(t.db, 1)])
    const api = await t.api().get<Report>('/v1/audit/verify')
    const cli = await omsctl(['server', 'verify-audit', ...t.db.flags], key)
    await t.api().post(resources('acme'), role('auditor'))
    const later = await t.api().get<Report>('/v1/audit/verify')

    expect(api.body.ok).toBe(false)
    expect(api.body.checked).toBe(1)
    expect(api.body.problems).toEqual([
      { seq: 1, problem: expect.stringContaining(NO_HEAD_MAC) as string },
      { seq: 1, problem: expect.stringContaining('Role/ops of tenant acme, but the resource differs') as string },
      { seq: 0, problem: expect.stringContaining('Role/viewer of tenant acme has no audit entry') as string },
    ])
    expect(cli.exitCode).toBe(1)
    expect(cli.stderr).toContain(`entry 1: ${NO_HEAD_MAC}`)
    expect(later.body.problems[0]).toEqual(
      { seq: 2, problem: expect.stringContaining(NO_HEAD_MAC) as string })
  })

  it('reports a head row restored from an older copy when a later entry changed a resource', async () => {
    const t = await withChanges()
    const [copy] = await query<HeadRow>(t.db, 'SELECT seq, hash, head_mac FROM audit_head')
    await t.api().put(resource('acme', 'Role', 'ops'), role('ops', ['orders:update']), { headers: { 'if-match': '"1"' } })

    await tamper(t.db, 'DELETE FROM audit WHERE seq > 2')
    await query(t.db, 'UPDATE audit_head SET seq = ?, hash = ?, head_mac = ? WHERE id = 1',
      [Number(copy?.seq), copy?.hash, copy?.head_mac])
    const report = await t.api().get<Report>('/v1/audit/verify')

    expect(report.body.ok).toBe(false)
    expect(report.body.problems).toEqual([{
      seq: 1,
      problem: 'the last entry for Role/ops of tenant acme, but the resource differs from what it '
        + 'recorded: changed outside the API, or the entries after this one were removed',
    }])
  })

  it('reports resources changed, added and deleted outside the API', async () => {
    const t = await withChanges()

    await tamper(t.db, `UPDATE resources SET body = replace(body, 'orders:read', 'orders:delete')
        WHERE name = 'ops';
      INSERT INTO resources (tenant, kind, name, version, body, updated_at, updated_by,
        managed_by, secrets) SELECT tenant, kind, 'ghost', version, body, updated_at, updated_by,
        managed_by, secrets FROM resources WHERE name = 'ops';
      DELETE FROM resources WHERE name = 'viewer'`)
    const report = await t.api().get<Report>('/v1/audit/verify')

    expect(report.body.ok).toBe(false)
    expect(report.body.problems).toEqual([
      { seq: 0, problem: expect.stringContaining('Role/ghost of tenant acme has no audit entry') as string },
      { seq: 1, problem: expect.stringContaining('Role/ops of tenant acme, but the resource differs') as string },
      { seq: 2, problem: expect.stringContaining('Role/viewer of tenant acme, but the resource is missing') as string },
    ])
  })
})
