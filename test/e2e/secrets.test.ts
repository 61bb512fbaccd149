import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Plan } from '../../src/plan/plan-types.js'
import { json, omsctl } from './cli.js'
import type { LiveApi } from './harness/live-api.js'
import { sharedServer } from './harness/shared-server.js'
import { makeProject, removeProjects, role, webhook } from './harness/project.js'

const oms = sharedServer({ 'admin': 'admin', 'release-bot': 'apply' })
let admin: LiveApi

beforeAll(() => {
  admin = oms.api('admin')
})

afterAll(removeProjects)

let tenants = 0

/** A webhook signed with an env: secret and one signed with a file: secret outside the repo. */
async function project() {
  const tenant = `s${++tenants}`
  // beside the server's database: outside the repository
  const secretFile = path.join(path.dirname(oms.db), `${tenant}-signing.txt`)
  const fileHook = webhook('returns', 'https://hooks.example/returns')
    .replace('secretRef: env:HOOK_SECRET', `secretRef: 'file:${secretFile}'`)
  const root = await makeProject(tenant, {
    'settings/rbac.yaml': role('agent'),
    'settings/hooks.yaml': `${webhook('orders', 'https://hooks.example/orders')}---\n${fileHook}`,
  })
  const run = (args: string[], env: Record<string, string | undefined> = {}) =>
    omsctl([...args, '--target', `test/${tenant}`], {
      cwd: root, env: { OMSCTL_API_URL: oms.url, OMSCTL_TEST_TOKEN: oms.token('release-bot'), ...env },
    })
  return { tenant, root, run, secretFile }
}

describe('secret values', () => {
  it('appear in no plan file, --json, --debug or drift output', async () => {
    const { tenant, root, run, secretFile } = await project()
    const [envValue, fileValue, envRotated, fileRotated] = [
      'env-value-7f3a9c', 'file-value-91c2d4', 'env-rotated-55e1b0', 'file-new-c3a8f6',
    ]
    const values = [envValue, fileValue, envRotated, fileRotated]
    await writeFile(secretFile, `${fileValue}\n`)
    const planFile = path.join(root, 'plan.json')

    const planned = await run(['plan', '--out', planFile, '--json'], { HOOK_SECRET: envValue })
    const saved = await readFile(planFile, 'utf8')
    const applied = await run(['apply', planFile, '--json'], { HOOK_SECRET: envValue })
    await writeFile(secretFile, fileRotated)
    const rotatedPlan = await run(['plan', '--json'], { HOOK_SECRET: envRotated })
    const debugged = await run(['apply', '--auto-approve', '--debug'], { HOOK_SECRET: envRotated })
    const drift = await run(['drift', '--json'], { HOOK_SECRET: envRotated })
    const driftBefore = await run(['drift', '--json'], { HOOK_SECRET: envValue })
    const markdown = await run(['plan', '--format', 'markdown'], { HOOK_SECRET: envValue })
    const live = JSON.stringify(await admin.resources(tenant))

    const outputs = [planned, applied, rotatedPlan, debugged, drift, driftBefore, markdown]
    const everything = [saved, live, ...outputs.flatMap(result => [result.stdout, result.stderr])]
    expect(applied.exitCode, applied.stderr).toBe(0)
    expect(json<Plan>(rotatedPlan).changes.map(change => change.id).sort())
      .toEqual(['Webhook/orders', 'Webhook/returns'])
    expect(debugged.exitCode, debugged.stderr).toBe(0)
    expect(json<{ summary: { drifted: number } }>(drift).summary.drifted).toBe(0)
    expect(json<{ drifted: { id: string }[] }>(driftBefore).drifted.map(item => item.id))
      .toEqual(['Webhook/orders'])
    for (const value of values) {
      for (const text of everything) expect(text).not.toContain(value)
    }
  }, 90_000)

  it('keeps the live value of a secret the plan could not compare, whatever apply finds', async () => {
    const { run, root, secretFile } = await project()
    await writeFile(secretFile, 'file-first')
    await run(['apply', '--auto-approve'], { HOOK_SECRET: 'env-first' })
    const hooks = path.join(root, 'settings/hooks.yaml')
    await writeFile(hooks, (await readFile(hooks, 'utf8')).replace('/orders', '/orders-v2'))
    const planFile = path.join(root, 'plan.json')

    const planned = await run(['plan', '--out', planFile, '--json'], { HOOK_SECRET: undefined })
    const shown = await run(['plan'], { HOOK_SECRET: undefined })
    const applied = await run(['apply', planFile], { HOOK_SECRET: 'env-second' })
    const after = await run(['plan', '--detailed-exitcode'], { HOOK_SECRET: 'env-first' })

    const plan = json<Plan>(planned)
    expect(plan.changes.map(change => change.id)).toEqual(['Webhook/orders'])
    expect(plan.changes[0]?.secrets).toEqual([
      { path: 'spec.signingSecret', ref: 'env:HOOK_SECRET', status: 'unresolved' },
    ])
    expect(shown.stdout).toContain('(secret not resolved here: apply keeps the live value)')
    expect(shown.stdout).toContain('so apply keeps their live values')
    expect(applied.exitCode, applied.stderr).toBe(0)
    expect(applied.stderr).toContain('1 secret(s) the plan could not compare keep their live value')
    expect(after.exitCode, after.stdout).toBe(0)
    expect(after.stdout).toContain('No changes.')
    expect(after.stdout).not.toContain('secret changed')
  }, 60_000)
})
