import { readFile } from 'node:fs/promises'
import path from 'node:path'

import { Ajv2020 } from 'ajv/dist/2020.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Plan } from '../../src/plan/plan-types.js'
import { json, omsctl } from './cli.js'
import { LiveApi } from './harness/live-api.js'
import { sharedServer } from './harness/shared-server.js'
import { commitAll, group, makeProject, role, webhook, writeFiles, removeProjects, deskSettings } from './harness/project.js'

const oms = sharedServer({ 'admin': 'admin', 'release-bot': 'apply', 'bob': 'apply' })
let api: LiveApi

beforeAll(() => {
  api = oms.api('admin')
})

afterAll(removeProjects)

let tenants = 0
async function project(files: Record<string, string>) {
  const tenant = `t${++tenants}`
  const root = await makeProject(tenant, files)
  const env = { OMSCTL_API_URL: oms.url, OMSCTL_TEST_TOKEN: oms.token('release-bot'), HOOK_SECRET: 'hook-s3cret' }
  const run = (args: string[], extra: Record<string, string | undefined> = {}) =>
    omsctl([...args, '--target', `test/${tenant}`], { cwd: root, env: { ...env, ...extra } })
  return { tenant, root, run }
}

describe('plan and apply', () => {
  it('plans, applies, and then plans no changes', async () => {
    const { run, tenant } = await project(deskSettings)

    const first = await run(['plan', '--detailed-exitcode'])
    const applied = await run(['apply', '--auto-approve'])
    const again = await run(['plan', '--detailed-exitcode'])

    expect(first.exitCode).toBe(2)
    expect(first.stdout).toContain('+ create Role/agent')
    expect(first.stdout).toContain('spec.signingSecret: env:HOOK_SECRET (secret set)')
    expect(first.stdout).toContain('Plan: 3 to create, 0 to update, 0 to delete.')
    expect(first.stdout.indexOf('create Role/agent')).toBeLessThan(first.stdout.indexOf('create Group/desk'))
    expect(applied).toMatchObject({ exitCode: 0 })
    expect(applied.stdout).toMatch(/Applied plan \S+ to test\/t\d+: 3 created, 0 updated, 0 del/)
    expect(again).toMatchObject({ exitCode: 0 })
    expect(again.stdout).toContain('No changes.')
    expect((await api.resources(tenant)).every(resource => resource.managedBy === 'omsctl')).toBe(true)
  })

  it('applies a saved plan with the commit, author and plan id in the audit log', async () => {
    const { run, tenant, root } = await project(deskSettings)
    const planFile = path.join(root, 'plan.json')

    const planned = await run(['plan', '--out', planFile, '--json'])
    const plan = json<Plan>(planned)
    const applied = await run(['apply', planFile])
    const audit = await api.audit(tenant)

    expect(applied.exitCode).toBe(0)
    expect(plan.git.commit).toMatch(/^[0-9a-f]{40}$/)
    expect(plan.changes.map(change => change.liveVersion)).toEqual([null, null, null])
    expect(JSON.stringify(plan)).not.toContain('hook-s3cret')
    expect(audit).toHaveLength(3)
    expect(audit.every(entry => entry.planId === plan.planId && entry.gitCommit === plan.git.commit
      && entry.author === 'Ada Lovelace <ada@example.com>' && entry.actor === 'release-bot')).toBe(true)
  })

  it('prints creates, updates and deletes as schemas/plan.schema.json describes', async () => {
    const { run, root } = await project(deskSettings)
    await run(['apply', '--auto-approve'])
    await writeFiles(root, {
      'settings/rbac.yaml': role('agent', ['orders:read', 'orders:update']),
      'settings/more.yaml': webhook('returns', 'https://hooks.example/returns'),
    })

    const planned = await run(['plan', '--prune', '--json'])
    const plan = json<Plan>(planned)
    const schema = JSON.parse(await readFile(path.join(import.meta.dirname, '../../schemas/plan.schema.json'), 'utf8')) as object
    const validate = new Ajv2020({ strict: true, allowUnionTypes: true }).compile(schema)

    expect(plan.changes.map(change => `${change.op} ${change.id}`).sort())
      .toEqual(['create Webhook/returns', 'delete Group/desk', 'update Role/agent'])
    expect(validate(plan), JSON.stringify(validate.errors)).toBe(true)
  })

  it('refuses a stale plan, names the stale resource, and applies nothing', async () => {
    const { run, tenant, root } = await project(deskSettings)
    await run(['apply', '--auto-approve'])
    await writeFiles(root, {
      'settings/rbac.yaml': `${role('agent', ['orders:read', 'orders:update'])}---\n${group('desk', ['agent'])}`,
      'settings/hooks.yaml': webhook('orders', 'https://hooks.example/v2'),
    })
    const planFile = path.join(root, 'plan.json')
    await run(['plan', '--out', planFile])
    await new LiveApi(oms.url, oms.token('bob')).changeSpec(tenant, 'Role/agent', (spec) => {
      spec.description = 'changed by bob'
    })

    const applied = await run(['apply', planFile])
    const hook = (await api.resources(tenant)).find(resource => resource.kind === 'Webhook')

    expect(applied.exitCode).toBe(1)
    expect(applied.stderr).toContain('Nothing was applied: 1 resource(s) changed live since the plan')
    expect(applied.stderr).toContain('Role/agent: planned against version 1, live is now version 2')
    expect(applied.stderr).toContain('run `omsctl plan` again')
    expect(hook?.spec.url).toBe('https://hooks.example/orders')
  })

  it('refuses to apply without a terminal and without --auto-approve', async () => {
    const { run, tenant } = await project(deskSettings)

    const result = await run(['apply'])

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('Refusing to apply without confirmation')
    expect(await api.resources(tenant)).toEqual([])
  })

  it('names the missing secret and applies nothing', async () => {
    const { run, tenant } = await project(deskSettings)

    const result = await run(['apply', '--auto-approve'], { HOOK_SECRET: undefined })

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('Secret env:HOOK_SECRET used by Webhook/orders spec.signingSecret is not available')
    expect(await api.resources(tenant)).toEqual([])
  })

  it('compares secrets by fingerprint', async () => {
    const { run } = await project(deskSettings)
    await run(['apply', '--auto-approve'])

    const same = await run(['plan'])
    const rotated = await run(['plan'], { HOOK_SECRET: 'rotated' })
    const unknown = await run(['plan'], { HOOK_SECRET: undefined })
    await run(['apply', '--auto-approve'], { HOOK_SECRET: 'rotated' })
    const afterRotation = await run(['plan'], { HOOK_SECRET: 'rotated' })

    expect(same.stdout).toContain('No changes.')
    expect(rotated.stdout).toContain('spec.signingSecret: env:HOOK_SECRET (secret changed)')
    expect(rotated.stdout).not.toContain('rotated')
    expect(unknown.stdout).toContain('1 secret could not be compared')
    expect(unknown.stdout).toContain('No changes.')
    expect(afterRotation.stdout).toContain('No changes.')
  })

  it('deletes managed resources only with --prune', async () => {
    const { run, root, tenant } = await project(deskSettings)
    await run(['apply', '--auto-approve'])
    await writeFiles(root, { 'settings/rbac.yaml': role('agent') })

    const kept = await run(['plan'])
    const pruned = await run(['apply', '--auto-approve', '--prune'])

    expect(kept.stdout).toContain('1 managed resource live but not in git (Group/desk): kept; plan with --prune to delete')
    expect(pruned.stdout).toContain('- delete Group/desk')
    expect((await api.resources(tenant)).map(resource => resource.kind)).not.toContain('Group')
  })

  it('plans a git revision, not the working tree, with --ref', async () => {
    const { run, root } = await project(deskSettings)
    await writeFiles(root, { 'settings/extra.yaml': role('uncommitted') })

    const atHead = await run(['plan', '--ref', 'HEAD'])
    const working = await run(['plan'])
    const unknown = await run(['plan', '--ref', 'no-such-branch'])

    expect(atHead.stdout).toContain('Plan: 3 to create')
    expect(working.stdout).toContain('Plan: 4 to create')
    expect(working.stdout).toContain('Warning: the plan includes uncommitted changes in settings/extra.yaml')
    expect(unknown.exitCode).toBe(1)
    expect(unknown.stderr).toContain('--ref no-such-branch is not a commit')
  })

  it('records an apply of uncommitted changes as commit+dirty in the audit log', async () => {
    const { run, root, tenant } = await project(deskSettings)
    const head = await commitAll(root, 'unchanged')
    await writeFiles(root, { 'settings/extra.yaml': role('uncommitted') })

    const markdown = await run(['plan', '--format', 'markdown'])
    const applied = await run(['apply', '--auto-approve'])
    const audit = await api.audit(tenant)

    expect(markdown.stdout).toContain('**Uncommitted changes are part of this plan**: `settings/extra.yaml`')
    expect(applied.exitCode, applied.stderr).toBe(0)
    expect(applied.stderr).toContain(`the audit log records commit ${head}+dirty`)
    expect(audit.map(entry => entry.gitCommit)).toEqual([`${head}+dirty`, `${head}+dirty`, `${head}+dirty`, `${head}+dirty`])
  })

  it('writes a pull-request comment in Markdown', async () => {
    const { run } = await project(deskSettings)

    const result = await run(['plan', '--format', 'markdown'])

    expect(result.stdout).toMatch(/^### omsctl plan for `test\/t\d+`/)
    expect(result.stdout).toContain('**3 to create, 0 to update, 0 to delete**')
  })
})

describe('apply lock', () => {
  it('says who holds the lock, and an admin can force its release', async () => {
    const { run, tenant } = await project(deskSettings)
    const taken = await new LiveApi(oms.url, oms.token('bob')).send('POST', `/v1/tenants/${tenant}/lock`, { holder: 'bob@laptop', ttlSeconds: 600 })
    const lockId = String(taken.body?.lockId)

    const blocked = await run(['apply', '--auto-approve'])
    const status = await run(['lock', 'status'])
    const notAdmin = await run(['lock', 'release', lockId, '--force'])
    const released = await run(['lock', 'release', lockId, '--force'], { OMSCTL_TOKEN: oms.token('admin') })
    const applied = await run(['apply', '--auto-approve'])

    expect(blocked.exitCode).toBe(1)
    expect(blocked.stderr).toMatch(new RegExp(`locked by bob@laptop \\(lock ${lockId}\\) until \\d{4}-`))
    expect(blocked.stderr).toContain(`omsctl lock release --force ${lockId}`)
    expect(status.stdout).toContain(`is locked by bob@laptop (lock ${lockId})`)
    expect(notAdmin.exitCode).toBe(1)
    expect(notAdmin.stderr).toContain('(403)')
    expect(released.exitCode).toBe(0)
    expect(released.stdout).toContain(`Released lock ${lockId}`)
    expect(applied.exitCode).toBe(0)
    expect((await api.get(`/v1/tenants/${tenant}/lock`)).status).toBe(404)
  })
})

describe('errors reaching the API', () => {
  it('names the variable of a rejected token', async () => {
    const { run } = await project(deskSettings)

    const result = await run(['plan'], { OMSCTL_TEST_TOKEN: 'omsctl_wrong' })

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain(`The API at ${oms.url} rejected the token from OMSCTL_TEST_TOKEN (401)`)
    expect(result.stderr).not.toContain('    at ')
  })

  it('names the URL when nothing listens there', async () => {
    const { run } = await project(deskSettings)

    const result = await run(['plan', '--api-url', 'http://127.0.0.1:9'])

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('Cannot reach the OMS API at http://127.0.0.1:9')
  })

  it('says which variables to set when there is no token', async () => {
    const { run } = await project(deskSettings)

    const result = await run(['plan'], { OMSCTL_TEST_TOKEN: undefined })

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('set OMSCTL_TEST_TOKEN (named by tokenEnv in omsctl.yaml) or OMSCTL_TOKEN')
  })

  it('refuses a plan for another target', async () => {
    const { run, root } = await project(deskSettings)
    const planFile = path.join(root, 'plan.json')
    await run(['plan', '--out', planFile])
    await commitAll(root, 'unchanged')

    const result = await omsctl(['apply', planFile, '--target', 'test/elsewhere'], { cwd: root })

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toMatch(/The plan is for test\/t\d+, not test\/elsewhere/)
  })
})
