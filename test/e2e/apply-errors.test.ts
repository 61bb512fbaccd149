import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Plan } from '../../src/plan/plan-types.js'
import { bin, omsctl } from './cli.js'
import { type Fault, faultProxy } from './harness/fault-proxy.js'
import type { LiveApi } from './harness/live-api.js'
import { sharedServer } from './harness/shared-server.js'
import { deskSettings, makeProject, removeProjects } from './harness/project.js'

const oms = sharedServer({ 'admin': 'admin', 'release-bot': 'apply', 'bob': 'admin' })
let admin: LiveApi
let bob: LiveApi

beforeAll(() => {
  admin = oms.api('admin')
  bob = oms.api('bob')
})

afterAll(removeProjects)

let tenants = 0
async function project() {
  const tenant = `e${++tenants}`
  const root = await makeProject(tenant, deskSettings)
  const env = { OMSCTL_API_URL: oms.url, OMSCTL_TEST_TOKEN: oms.token('release-bot'), HOOK_SECRET: 'hook-s3cret' }
  const run = (args: string[], extra: Record<string, string | undefined> = {}) =>
    omsctl([...args, '--target', `test/${tenant}`], { cwd: root, env: { ...env, ...extra } })
  const planFile = path.join(root, 'plan.json')
  const savePlan = async () => {
    const planned = await run(['plan', '--out', planFile])
    expect(planned.exitCode, planned.stderr).toBe(0)
    return JSON.parse(await readFile(planFile, 'utf8')) as Plan
  }
  const editPlan = async (edit: (plan: Plan) => void) => {
    const plan = JSON.parse(await readFile(planFile, 'utf8')) as Plan
    edit(plan)
    await writeFile(planFile, JSON.stringify(plan))
  }
  return { tenant, root, env, run, planFile, savePlan, editPlan }
}

/** Runs omsctl on a pseudo-terminal (util-linux `script`), typing `answer` at the prompt. */
async function onTerminal(
  root: string, env: Record<string, string>, args: string[], answer: string,
) {
  const command = ['node', bin, ...args].map(word => `'${word}'`).join(' ')
  const result = await execa('script', ['-qec', command, '/dev/null'], {
    cwd: root, env: { NO_COLOR: '1', ...env }, input: `${answer}\n`, reject: false,
  })
  return { exitCode: result.exitCode ?? -1, output: String(result.stdout) }
}

describe('confirming an apply on a terminal', () => {
  it('applies after "yes" and cancels on any other answer', async () => {
    const { root, env, tenant } = await project()
    const args = ['apply', '--target', `test/${tenant}`]

    const cancelled = await onTerminal(root, env, args, 'no')
    const liveAfterNo = await admin.resources(tenant)
    const applied = await onTerminal(root, env, args, 'yes')

    expect(cancelled.output).toContain('Apply these changes to test/')
    expect(cancelled.exitCode).toBe(1)
    expect(cancelled.output).toContain('Apply cancelled; nothing was changed')
    expect(cancelled.output).toContain('only the exact answer "yes" applies the plan')
    expect(liveAfterNo).toEqual([])
    expect(applied.exitCode, applied.output).toBe(0)
    expect(applied.output).toMatch(/Applied plan \S+ to test\/e\d+: 3 created/)
    expect(await admin.resources(tenant)).toHaveLength(3)
  }, 60_000)
})

describe('refused changesets', () => {
  it('names each resource the plan creates that now exists live (409)', async () => {
    const { tenant, run, planFile, savePlan } = await project()
    await savePlan()
    const agent = { apiVersion: 'omsctl.dev/v1', kind: 'Role', metadata: { name: 'agent' }, spec: { permissions: ['orders:read'] } }
    const desk = { apiVersion: 'omsctl.dev/v1', kind: 'Group', metadata: { name: 'desk' }, spec: { description: 'Desk.', businessUnit: 'retail-eu', roles: ['agent'], identityProviderGroups: ['oms-desk'] } }
    const created = [
      await bob.send('POST', `/v1/tenants/${tenant}/resources`, agent),
      await bob.send('POST', `/v1/tenants/${tenant}/resources`, desk),
    ]

    const result = await run(['apply', planFile])

    expect(created.map(answer => answer.status)).toEqual([201, 201])
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('Nothing was applied: 2 resource(s) the plan creates already exist live:')
    expect(result.stderr).toContain('  Role/agent: planned as new, live is now version 1')
    expect(result.stderr).toContain('  Group/desk: planned as new, live is now version 1')
    expect(result.stderr.match(/nothing was applied/gi)).toHaveLength(1)
    expect((await admin.resources(tenant)).map(resource => resource.kind)).not.toContain('Webhook')
  })

  it('names the resource and field the server rejects (422)', async () => {
    const { tenant, run, planFile, savePlan, editPlan } = await project()
    await savePlan()
    await editPlan((plan) => {
      const change = plan.changes.find(item => item.id === 'Role/agent')
      if (change?.desired) change.desired.spec.permissions = 'everything'
    })

    const result = await run(['apply', planFile])

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toMatch(/Nothing was applied: .*\n {2}Role\/agent \/spec\/permissions: /)
    expect(await admin.resources(tenant)).toEqual([])
  })

  it('says the plan was sent before with other content (422 idempotency_key_reuse)', async () => {
    const { run, planFile, savePlan } = await project()
    await savePlan()
    await run(['apply', planFile])

    const result = await run(['apply', planFile], { HOOK_SECRET: 'rotated' })

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toMatch(/Nothing was applied: plan \S+ was already sent with other/)
    expect(result.stderr).toContain('run `omsctl plan` again')
  })

  it('says the lock was lost when another apply took the tenant mid-apply (423)', async () => {
    const { tenant, root, env, planFile, savePlan } = await project()
    await savePlan()
    const isChangeset = (method: string, url: string) => method === 'POST' && url.includes('/changesets')
    const proxy = await faultProxy(() => oms.url, (method, url): Fault => (isChangeset(method, url) ? 'prepare' : 'forward'), {
      before: async () => {
        const { body } = await admin.get<{ lockId: string }>(`/v1/tenants/${tenant}/lock`)
        await admin.send('DELETE', `/v1/tenants/${tenant}/lock/${body.lockId}?force=true`)
        await bob.send('POST', `/v1/tenants/${tenant}/lock`, { holder: 'bob@laptop', ttlSeconds: 600 })
      },
    })

    const result = await omsctl(['apply', planFile, '--api-url', proxy.url], { cwd: root, env })
    await proxy.close()

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('Nothing was applied:')
    expect(result.stderr).toMatch(/our lock \S+ expired and another apply took the tenant; plan/)
    expect(await admin.resources(tenant)).toEqual([])
  })
})

describe('plan files and flags', () => {
  it('refuses a plan of another format version', async () => {
    const { run, planFile, savePlan, editPlan } = await project()
    await savePlan()
    await editPlan((plan) => {
      (plan as { formatVersion: number }).formatVersion = 2
    })

    const result = await run(['apply', planFile])

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain(`Plan ${planFile} has format version 2; this omsctl applies version 1`)
    expect(result.stderr).toContain('plan again with this version of omsctl')
  })

  it('refuses --ref with a saved plan', async () => {
    const { run, planFile, savePlan } = await project()
    await savePlan()

    const result = await run(['apply', planFile, '--ref', 'HEAD'])

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('--ref applies only when planning here; a saved plan records its own commit')
  })

  it('names a secret reference it cannot read', async () => {
    const { tenant, run, planFile, savePlan, editPlan } = await project()
    await savePlan()
    await editPlan((plan) => {
      const change = plan.changes.find(item => item.id === 'Webhook/orders')
      if (change?.desired) change.desired.spec.signingSecret = { secretRef: 'vault:orders' }
    })

    const result = await run(['apply', planFile])

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('Invalid secret reference "vault:orders"')
    expect(result.stderr).toContain('use env:NAME or file:path')
    expect(await admin.resources(tenant)).toEqual([])
  })
})

describe('the apply lock', () => {
  it('says there is no such lock to release', async () => {
    const { run, tenant } = await project()

    const result = await run(['lock', 'release', 'no-such-lock'])

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain(`No active lock no-such-lock on tenant ${tenant}`)
    expect(result.stderr).toContain('`omsctl lock status` shows the current lock')
  })

  it('warns, and still succeeds, when the lock cannot be released after applying', async () => {
    const { tenant, root, env } = await project()
    const proxy = await faultProxy(() => oms.url, (method): Fault => (method === 'DELETE' ? 'cut-before' : 'forward'))

    const result = await omsctl(['apply', '--auto-approve', '--target', `test/${tenant}`, '--api-url', proxy.url], { cwd: root, env })
    await proxy.close()

    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/Warning: could not release lock \S+ \(.+\); it expires at \d/)
    expect(await admin.resources(tenant)).toHaveLength(3)
  }, 60_000)
})
