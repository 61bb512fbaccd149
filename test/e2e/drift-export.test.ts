import { readFile, readdir } from 'node:fs/promises'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { DriftReport } from '../../src/drift/drift-types.js'
import { json, omsctl } from './cli.js'
import type { LiveApi } from './harness/live-api.js'
import { sharedServer } from './harness/shared-server.js'
import { commitAll, deskSettings, makeProject, removeProjects, webhook, writeFiles } from './harness/project.js'

const oms = sharedServer({ 'admin': 'admin', 'release-bot': 'apply', 'bob': 'apply' })
let admin: LiveApi
let bob: LiveApi

beforeAll(() => {
  admin = oms.api('admin')
  bob = oms.api('bob')
})

afterAll(removeProjects)

let tenants = 0
async function appliedProject() {
  const tenant = `d${++tenants}`
  const root = await makeProject(tenant, deskSettings)
  const env = { OMSCTL_API_URL: oms.url, OMSCTL_TEST_TOKEN: oms.token('release-bot'), HOOK_SECRET: 'hook-s3cret' }
  const run = (args: string[], cwd = root) => omsctl([...args, '--target', `test/${tenant}`], { cwd, env })
  const applied = await run(['apply', '--auto-approve'])
  expect(applied.exitCode).toBe(0)
  return { tenant, root, run }
}

describe('drift', () => {
  it('finds no drift right after an apply', async () => {
    const { run } = await appliedProject()

    const result = await run(['drift'])

    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('No drift: 3 resource(s) match git.')
  })

  it('names the field, both values, and the user who changed it live', async () => {
    const { run, tenant } = await appliedProject()
    await bob.changeSpec(tenant, 'Webhook/orders', (spec) => {
      spec.url = 'https://hooks.example/bob'
    })

    const human = await run(['drift'])
    const report = json<DriftReport>(await run(['drift', '--json']))
    const markdown = await run(['drift', '--format', 'markdown'])

    expect(human.exitCode).toBe(2)
    expect(human.stdout).toContain('~ Webhook/orders (changed live)')
    expect(human.stdout).toContain('git:  "https://hooks.example/orders"')
    expect(human.stdout).toContain('live: "https://hooks.example/bob"')
    expect(human.stdout).toMatch(/update by bob at \d{4}-\d\d-\d\dT[\d:.]+Z \(outside omsctl/)
    expect(report.drifted).toHaveLength(1)
    expect(report.drifted[0]?.fields[0]).toMatchObject({ path: 'spec.url', lastChange: { actor: 'bob', planId: null } })
    expect(markdown.stdout).toContain('| `Webhook/orders` | `spec.url` | `"https://hooks.example/orders"` | `"https://hooks.example/bob"` | bob,')
  })

  it('reports a resource deleted live as missing, with who deleted it', async () => {
    const { run, tenant } = await appliedProject()
    const live = (await admin.resources(tenant)).find(resource => resource.kind === 'Group')
    await bob.send('DELETE', `/v1/tenants/${tenant}/resources/Group/desk`, undefined, { 'if-match': `"${live?.version}"` })

    const result = await run(['drift'])

    expect(result.exitCode).toBe(2)
    expect(result.stdout).toContain('~ Group/desk (in git, missing live)')
    expect(result.stdout).toContain('delete by bob')
  })

  it('lists live resources outside git as unmanaged, and as drift only on request', async () => {
    const { run, tenant } = await appliedProject()
    const handmade = { apiVersion: 'omsctl.dev/v1', kind: 'Role', metadata: { name: 'handmade' }, spec: { permissions: ['orders:read'] } }
    await bob.send('POST', `/v1/tenants/${tenant}/resources`, handmade)

    const plain = await run(['drift'])
    const included = await run(['drift', '--include-unmanaged'])

    expect(plain.exitCode).toBe(0)
    expect(plain.stdout).toContain('1 live resource(s) not in git and not managed by omsctl')
    expect(included.exitCode).toBe(2)
    expect(included.stdout).toContain('~ Role/handmade (live, not in git, not managed by omsctl)')
  })

  it('warns when the compared working tree has uncommitted changes', async () => {
    const { run, root } = await appliedProject()
    await writeFiles(root, { 'settings/hooks.yaml': webhook('orders', 'https://hooks.example/wip') })

    const human = await run(['drift'])
    const report = json<DriftReport>(await run(['drift', '--json']))
    const markdown = await run(['drift', '--format', 'markdown'])

    expect(human.exitCode).toBe(2)
    expect(human.stdout).toContain('Warning: the compared desired state includes uncommitted changes in settings/hooks.yaml')
    expect(report.git.dirtyFiles).toEqual(['settings/hooks.yaml'])
    expect(markdown.stdout).toContain('**Compared with uncommitted changes**: `settings/hooks.yaml`')
  })

  it('compares against a git revision with --ref', async () => {
    const { run, root } = await appliedProject()
    await writeFiles(root, { 'settings/hooks.yaml': webhook('orders', 'https://hooks.example/next') })
    await commitAll(root, 'next webhook url')

    const atHead = await run(['drift', '--ref', 'HEAD'])
    const before = await run(['drift', '--ref', 'HEAD~1'])

    expect(atHead.exitCode).toBe(2)
    expect(atHead.stdout).toContain('git:  "https://hooks.example/next"')
    expect(before.exitCode).toBe(0)
  })
})

describe('export', () => {
  it('writes live settings that then plan no changes', async () => {
    const { tenant } = await appliedProject()
    const handmade = { apiVersion: 'omsctl.dev/v1', kind: 'Role', metadata: { name: 'handmade', labels: { team: 'ops' } }, spec: { permissions: ['orders:read'] } }
    await bob.send('POST', `/v1/tenants/${tenant}/resources`, handmade)
    const fresh = await makeProject(tenant, {})
    const env = { OMSCTL_API_URL: oms.url, OMSCTL_TEST_TOKEN: oms.token('release-bot') }
    const run = (args: string[]) => omsctl([...args, '--target', `test/${tenant}`], { cwd: fresh, env })

    const exported = await run(['export'])
    const files = (await readdir(path.join(fresh, 'settings'), { recursive: true })).filter(file => file.endsWith('.yaml')).sort()
    const hook = await readFile(path.join(fresh, 'settings/webhooks/orders.yaml'), 'utf8')
    const validated = await omsctl(['validate'], { cwd: fresh })
    const planned = await run(['plan', '--detailed-exitcode'])
    const again = await run(['export'])
    const snapshot = await run(['export', '--out', 'settings'])

    expect(exported.exitCode).toBe(0)
    expect(exported.stdout).toContain('Exported 4 of 4 live resource(s)')
    expect(exported.stdout).toContain('provide them where omsctl applies: env:HOOK_SECRET')
    expect(files).toEqual(['groups/desk.yaml', 'roles/agent.yaml', 'roles/handmade.yaml', 'webhooks/orders.yaml'])
    expect(hook).toContain('secretRef: env:HOOK_SECRET')
    expect(hook).not.toContain('fingerprint')
    expect(validated.exitCode).toBe(0)
    expect(planned.stdout).toContain('No changes.')
    expect(planned.exitCode).toBe(0)
    expect(again.exitCode).toBe(0)
    expect(again.stdout).toContain('Nothing to export: the layers already produce all 4 live')
    expect(snapshot.exitCode).toBe(1)
    expect(snapshot.stderr).toContain('Export would overwrite 4 file(s)')
  })
})
