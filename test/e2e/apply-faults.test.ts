import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { omsctl } from './cli.js'
import { type Fault, type FaultProxy, faultProxy } from './harness/fault-proxy.js'
import { LiveApi } from './harness/live-api.js'
import { type OmsServer, createToken, startOms, verifyAudit } from './harness/oms-server.js'
import { group, makeProject, role, webhook, removeProjects } from './harness/project.js'

const tenant = 'faults'
const settings = {
  'settings/rbac.yaml': `${role('agent')}---\n${role('lead')}---\n${group('desk', ['agent', 'lead'])}`,
  'settings/hooks.yaml': webhook('orders', 'https://hooks.example/orders'),
}

const cleanup: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step()
  await removeProjects()
})

/** A server, a token, a project with a saved plan, and a proxy that fails on cue. */
async function setup(
  fault: (method: string, path: string) => Fault, hooks: Parameters<typeof faultProxy>[2] = {},
  files: Record<string, string> = settings,
) {
  const dir = await mkdtemp(path.join(tmpdir(), 'omsctl-faults-'))
  const db = path.join(dir, 'oms.db')
  const state: { server: OmsServer } = { server: await startOms(db) }
  cleanup.push(() => rm(dir, { recursive: true, force: true }), () => state.server.stop())
  const token = await createToken(db, 'admin', 'release-bot')

  const proxy: FaultProxy = await faultProxy(() => state.server.url, fault, hooks)
  cleanup.push(() => proxy.close())

  const root = await makeProject(tenant, files)
  const env = { OMSCTL_TEST_TOKEN: token, HOOK_SECRET: 's3cret' }
  const planFile = path.join(root, 'plan.json')
  const planned = await omsctl(['plan', '--target', `test/${tenant}`, '--out', planFile, '--api-url', state.server.url], { cwd: root, env })
  expect(planned.exitCode).toBe(0)

  const apply = (url: string, ...flags: string[]) =>
    omsctl(['apply', planFile, '--api-url', url, ...flags], { cwd: root, env })
  const applyHere = (url: string) =>
    omsctl(['apply', '--auto-approve', '--target', `test/${tenant}`, '--api-url', url], { cwd: root, env })
  const api = () => new LiveApi(state.server.url, token)
  return { state, db, proxy, apply, applyHere, api }
}

/** Every page of a listing: the large tests outgrow one page. */
async function allItems<T>(api: LiveApi, path: string): Promise<T[]> {
  const items: T[] = []
  let cursor: string | null = null
  do {
    const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`
    const page = await api.get<{ items: T[], nextCursor: string | null }>(`${path}?limit=1000${query}`)
    items.push(...page.body.items)
    cursor = page.body.nextCursor
  } while (cursor !== null)

  return items
}

const liveCount = async (api: LiveApi) =>
  (await allItems(api, `/v1/tenants/${tenant}/resources`)).length

/** How many times the audit log records the creation of each resource. */
async function createsIn(api: LiveApi): Promise<Map<string, number>> {
  const entries = await allItems<{ op: string, kind: string, name: string }>(api, `/v1/tenants/${tenant}/audit`)
  const times = new Map<string, number>()
  for (const entry of entries.filter(item => item.op === 'create')) {
    const id = `${entry.kind}/${entry.name}`
    times.set(id, (times.get(id) ?? 0) + 1)
  }

  return times
}

const isChangeset = (method: string, path: string) => method === 'POST' && path.includes('/changesets')

describe('apply under faults', () => {
  it('retries a changeset whose answer was lost, and the server applies it once', async () => {
    let cut = false
    const { proxy, apply, api } = await setup((method, path) => {
      if (!isChangeset(method, path) || cut) return 'forward'
      cut = true
      return 'cut-after'
    })

    const result = await apply(proxy.url)
    const audit = await api().audit(tenant)

    expect(result.exitCode).toBe(0)
    expect(proxy.seen.filter(line => line.endsWith('/changesets'))).toHaveLength(2)
    expect(audit.map(entry => `${entry.op} ${entry.kind}/${entry.name}`).sort()).toEqual([
      'create Group/desk', 'create Role/agent', 'create Role/lead', 'create Webhook/orders',
    ])
  })

  it('retries a changeset whose answer timed out, and the server applies it once', async () => {
    let held = false
    const { proxy, apply, api } = await setup((method, path) => {
      if (!isChangeset(method, path) || held) return 'forward'
      held = true
      return 'hold'
    })

    const result = await apply(proxy.url, '--request-timeout', '1')
    const audit = await api().audit(tenant)

    expect(result.exitCode).toBe(0)
    expect(proxy.seen.filter(line => line.endsWith('/changesets'))).toHaveLength(2)
    expect(audit.map(entry => `${entry.op} ${entry.kind}/${entry.name}`).sort()).toEqual([
      'create Group/desk', 'create Role/agent', 'create Role/lead', 'create Webhook/orders',
    ])
  })

  it('leaves live unchanged when the server dies before the changeset, and a rerun converges', async () => {
    const setupResult = await setup(
      (method, path) => (isChangeset(method, path) ? 'cut-before' : 'forward'),
      { before: async () => setupResult.state.server.kill9() },
    )
    const { state, db, proxy, apply, api } = setupResult

    const failed = await apply(proxy.url)
    state.server = await startOms(db)
    const afterCrash = await api().resources(tenant)
    const rerun = await apply(state.server.url)
    const audit = await api().audit(tenant)

    expect(failed.exitCode).toBe(1)
    expect(failed.stderr).toContain('Cannot reach the OMS API')
    expect(afterCrash).toEqual([])
    expect(rerun.exitCode).toBe(0)
    expect((await api().resources(tenant)).map(resource => resource.metadata.name).sort()).toEqual(['agent', 'desk', 'lead', 'orders'])
    expect(audit.filter(entry => entry.op === 'create')).toHaveLength(4)
  })

  it('leaves live fully changed when the server dies after committing, and a rerun applies nothing twice', async () => {
    const setupResult = await setup(
      (method, path) => (isChangeset(method, path) ? 'cut-after' : 'forward'),
      { after: async () => setupResult.state.server.kill9() },
    )
    const { state, db, proxy, apply, api } = setupResult

    const failed = await apply(proxy.url)
    state.server = await startOms(db)
    const afterCrash = await api().resources(tenant)
    const rerun = await apply(state.server.url)
    const audit = await api().audit(tenant)

    expect(failed.exitCode).toBe(1)
    expect(afterCrash).toHaveLength(4)
    expect(rerun.exitCode).toBe(0)
    expect(rerun.stdout).toContain('was already applied')
    expect(audit.filter(entry => entry.op === 'create')).toHaveLength(4)
    expect((await api().resources(tenant)).every(resource => resource.version === 1)).toBe(true)
  })

  it('reruns an apply without a plan file after a crash: its own lock does not block it', async () => {
    const setupResult = await setup(
      (method, path) => (isChangeset(method, path) ? 'cut-before' : 'forward'),
      { before: async () => setupResult.state.server.kill9() },
    )
    const { state, db, proxy, applyHere, api } = setupResult

    const failed = await applyHere(proxy.url)
    state.server = await startOms(db)
    const lockAfterCrash = await api().get<{ holder: string }>(`/v1/tenants/${tenant}/lock`)
    const rerun = await applyHere(state.server.url)
    const audit = await api().audit(tenant)

    expect(failed.exitCode).toBe(1)
    expect(lockAfterCrash.status).toBe(200)
    expect(lockAfterCrash.body.holder).toMatch(/ omsctl apply test\/faults state [0-9a-f]{16}$/)
    expect(rerun.exitCode, rerun.stderr).toBe(0)
    expect(rerun.stdout).toMatch(/Applied plan \S+ to test\/faults: 4 created/)
    expect(audit.filter(entry => entry.op === 'create')).toHaveLength(4)
    expect((await api().get(`/v1/tenants/${tenant}/lock`)).status).toBe(404)
  })

  it('leaves live all or nothing when the server dies while it commits a large changeset', async () => {
    const count = 2000
    const roles = Array.from({ length: count }, (_, index) => role(`bulk-${index}`)).join('---\n')
    const setupResult = await setup(
      (method, path) => (isChangeset(method, path) ? 'during' : 'forward'),
      { during: async () => setupResult.state.server.kill9() },
      { 'settings/bulk.yaml': roles },
    )
    const { state, db, proxy, apply, api } = setupResult

    const failed = await apply(proxy.url)
    state.server = await startOms(db)
    const afterCrash = await liveCount(api())
    const chainAfterCrash = await verifyAudit(db)
    const rerun = await apply(state.server.url)
    const creates = await createsIn(api())
    const chainAfterRerun = await verifyAudit(db)

    expect(failed.exitCode).toBe(1)
    expect([0, count]).toContain(afterCrash)
    expect(chainAfterCrash.exitCode, chainAfterCrash.stdout).toBe(0)
    expect(rerun.exitCode, rerun.stderr).toBe(0)
    expect(await liveCount(api())).toBe(count)
    expect(creates.size).toBe(count)
    expect([...creates.values()].every(times => times === 1)).toBe(true)
    expect(chainAfterRerun.stdout).toContain('Audit chain intact')
  }, 60_000)
})
