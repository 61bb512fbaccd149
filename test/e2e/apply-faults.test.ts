import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { omsctl } from './cli.js'
import { type Fault, type FaultProxy, faultProxy } from './harness/fault-proxy.js'
import { LiveApi } from './harness/live-api.js'
import { type OmsServer, createToken, startOms } from './harness/oms-server.js'
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
) {
  const dir = await mkdtemp(path.join(tmpdir(), 'omsctl-faults-'))
  const db = path.join(dir, 'oms.db')
  const state: { server: OmsServer } = { server: await startOms(db) }
  cleanup.push(() => rm(dir, { recursive: true, force: true }), () => state.server.stop())
  const token = await createToken(db, 'admin', 'release-bot')

  const proxy: FaultProxy = await faultProxy(() => state.server.url, fault, hooks)
  cleanup.push(() => proxy.close())

  const root = await makeProject(tenant, settings)
  const env = { OMSCTL_TEST_TOKEN: token, HOOK_SECRET: 's3cret' }
  const planFile = path.join(root, 'plan.json')
  const planned = await omsctl(['plan', '--target', `test/${tenant}`, '--out', planFile, '--api-url', state.server.url], { cwd: root, env })
  expect(planned.exitCode).toBe(0)

  const apply = (url: string, ...flags: string[]) =>
    omsctl(['apply', planFile, '--api-url', url, ...flags], { cwd: root, env })
  const api = () => new LiveApi(state.server.url, token)
  return { state, db, proxy, apply, api }
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
})
