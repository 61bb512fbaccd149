import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { backends } from './harness/backends.js'
import { omsctl } from './harness/cli.js'
import { tamper } from './harness/databases.js'
import { resource, resources, role } from './harness/fixtures.js'
import { TEST_KEY } from './harness/server-process.js'
import { type Stage, stage } from './harness/stage.js'

interface Entry {
  seq: number
  actor: string
  op: string
  name: string
  change: string[]
  gitCommit: string | null
  planId: string | null
  author: string | null
  beforeDigest: string | null
  afterDigest: string | null
}
interface Report {
  ok: boolean
  checked: number
  resourcesChecked: number
  problems: { seq: number, problem: string }[]
}

describe.each(backends)('audit log (%s)', (backend) => {
  let s: Stage<'admin'>

  beforeAll(async () => {
    s = await stage(backend, { admin: { role: 'admin', tenants: ['*'], name: 'release-bot' } })
    const api = s.api()
    const headers = {
      'x-omsctl-git-commit': 'f00dcafe', 'x-omsctl-plan-id': 'plan-7', 'x-omsctl-author': encodeURIComponent('Zoë Admin'),
    }
    await api.post(resources('acme'), role('ops'), { headers })
    await api.put(resource('acme', 'Role', 'ops'), role('ops', ['orders:update']), { headers: { ...headers, 'if-match': '"1"' } })
    await api.post(resources('acme'), role('viewer'))
    await api.delete(resource('acme', 'Role', 'viewer'), { headers: { 'if-match': '"1"' } })
    await api.post(resources('other'), role('ops'))
  })

  afterAll(async () => {
    await s.teardown()
  })

  it('records every change with actor, digests, changed fields and the client headers', async () => {
    const page = await s.api().get<{ items: Entry[] }>('/v1/tenants/acme/audit')

    expect(page.body.items.map(entry => `${entry.op} ${entry.name}`)).toEqual([
      'create ops', 'update ops', 'create viewer', 'delete viewer',
    ])
    const update = page.body.items[1]
    expect(update).toMatchObject({
      actor: 'release-bot', gitCommit: 'f00dcafe', planId: 'plan-7', author: 'Zoë Admin',
      change: ['/spec/permissions/0'],
    })
    expect(update?.beforeDigest).toBe(page.body.items[0]?.afterDigest)
    expect(page.body.items[3]?.afterDigest).toBeNull()
  })

  it('pages and filters by kind, name and time', async () => {
    const first = await s.api().get<{ items: Entry[], nextCursor: string }>('/v1/tenants/acme/audit?limit=3')
    const rest = await s.api().get<{ items: Entry[], nextCursor: null }>(
      `/v1/tenants/acme/audit?limit=3&cursor=${first.body.nextCursor}`)
    const byName = await s.api().get<{ items: Entry[] }>('/v1/tenants/acme/audit?kind=Role&name=viewer')
    const future = await s.api().get<{ items: Entry[] }>('/v1/tenants/acme/audit?since=2999-01-01T00:00:00Z')
    const badSince = await s.api().get('/v1/tenants/acme/audit?since=yesterday')

    expect(first.body.items).toHaveLength(3)
    expect(rest.body.items.map(entry => entry.op)).toEqual(['delete'])
    expect(rest.body.nextCursor).toBeNull()
    expect(byName.body.items).toHaveLength(2)
    expect(future.body.items).toEqual([])
    expect(badSince.status).toBe(400)
  })

  it('verifies the chain, and reports an edited, a removed and a reordered entry', async () => {
    const intact = await s.api().get<Report>('/v1/audit/verify')
    const key = { OMSCTL_SERVER_KEY: TEST_KEY }
    const cliIntact = await omsctl(['server', 'verify-audit', ...s.db.flags], key)

    await tamper(s.db, 'UPDATE audit SET actor = \'mallory\' WHERE seq = 2')
    const edited = await s.api().get<Report>('/v1/audit/verify')
    const cliEdited = await omsctl(['server', 'verify-audit', ...s.db.flags], key)

    await tamper(s.db, 'DELETE FROM audit WHERE seq = 4')
    const removed = await s.api().get<Report>('/v1/audit/verify')

    await tamper(s.db, `UPDATE audit SET seq = seq + 100 WHERE seq = 5;
      UPDATE audit SET seq = 5 WHERE seq = 3; UPDATE audit SET seq = 3 WHERE seq = 105`)
    const reordered = await omsctl(['server', 'verify-audit', '--json', ...s.db.flags], key)

    expect(intact.body).toEqual({ ok: true, checked: 5, resourcesChecked: 2, problems: [] })
    expect(cliIntact.exitCode).toBe(0)
    expect(cliIntact.stdout).toContain(
      'Audit chain intact: 5 entries checked; 2 resources match their last entry.')
    expect(edited.body.ok).toBe(false)
    expect(edited.body.problems).toEqual([{ seq: 2, problem: 'the entry was modified after it was written' }])
    expect(cliEdited.exitCode).toBe(1)
    expect(cliEdited.stderr).toContain('entry 2: the entry was modified after it was written')
    expect(removed.body.problems.map(problem => problem.seq)).toEqual([2, 5, 5, 3])
    expect(removed.body.problems[3]?.problem).toContain(
      'the last entry for Role/viewer of tenant acme, but the resource is missing')
    expect(reordered.exitCode).toBe(1)
    const report = JSON.parse(String(reordered.stdout)) as Report
    expect(report.problems.map(problem => problem.seq)).toEqual(expect.arrayContaining([3, 5]))
  })
})
