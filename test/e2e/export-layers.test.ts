import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { simpleGit } from 'simple-git'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { omsctl, repoRoot } from './cli.js'
import { LiveApi } from './harness/live-api.js'
import { type OmsServer, createToken, startOms } from './harness/oms-server.js'

const tenant = 'acme-eu'
const target = `staging/${tenant}`
const layer = 'tenants/acme-eu/staging'
const secrets = {
  WEBHOOK_ORDERS_SIGNING_SECRET: 'orders-signing', WEBHOOK_NOTIFY_SIGNING_SECRET: 'notify-signing',
  AVALARA_LICENSE_KEY: 'avalara', ERP_CLIENT_SECRET: 'erp', AUDIT_SIEM_TOKEN: 'siem',
  ADYEN_API_KEY: 'adyen', WMS_CLIENT_SECRET: 'wms',
}

let server: OmsServer
let dir: string
let db: string
let token: string
let bob: LiveApi

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'omsctl-export-layers-'))
  db = path.join(dir, 'oms.db')
  server = await startOms(db)
  token = await createToken(db, 'apply', 'release-bot')
  bob = new LiveApi(server.url, await createToken(db, 'apply', 'bob'))
})

afterAll(async () => {
  await server.stop()
  await rm(dir, { recursive: true, force: true })
})

let copies = 0

/** examples/acme in its own git repository, applied to a fresh server database tenant. */
async function appliedAcme() {
  const root = path.join(dir, `acme-${++copies}`)
  await cp(path.join(repoRoot, 'examples/acme'), root, { recursive: true })
  await writeFile(path.join(root, '.gitignore'), '.omsctl/\n')
  const git = simpleGit({ baseDir: root })
  await git.init()
  await git.addConfig('user.name', 'Ada Lovelace')
  await git.addConfig('user.email', 'ada@example.com')
  await git.add('.')
  await git.commit('acme settings')

  const env = { OMSCTL_API_URL: server.url, OMSCTL_STAGING_TOKEN: token, ...secrets }
  const run = (args: string[]) => omsctl([...args, '--target', target], { cwd: root, env })
  const applied = await run(['apply', '--auto-approve'])
  expect(applied.exitCode, applied.stderr).toBe(0)
  return { root, run, git }
}

async function layerFiles(root: string): Promise<string[]> {
  const files = await readdir(path.join(root, layer), { recursive: true })
  return files.filter(file => file.endsWith('.yaml')).sort()
}

describe('export into a layered repository', () => {
  it('writes what the layers lack or produce differently, and then plans no changes', async () => {
    const { root, run, git } = await appliedAcme()
    await bob.changeSpec(tenant, 'Role/customer-service', (spec) => {
      spec.description = 'Changed live by bob.'
    })
    const handmade = {
      apiVersion: 'omsctl.dev/v1', kind: 'Role', metadata: { name: 'night-shift' },
      spec: { description: 'Added live.', permissions: ['orders:read'] },
    }
    await bob.send('POST', `/v1/tenants/${tenant}/resources`, handmade)

    const exported = await run(['export'])
    const files = await layerFiles(root)
    const override = await readFile(path.join(root, layer, 'roles/customer-service.yaml'), 'utf8')
    const validated = await omsctl(['validate'], { cwd: root })
    const planned = await run(['plan', '--detailed-exitcode'])
    const again = await run(['export'])
    const status = await git.status()

    expect(exported.exitCode, exported.stderr).toBe(0)
    expect(exported.stdout).toMatch(/Exported 2 of \d+ live resource\(s\) of staging\/acme-eu/)
    expect(exported.stdout).toContain('1 new, 1 as overrides of lower layers')
    expect(files).toEqual(['integrations.yaml', 'roles/customer-service.yaml', 'roles/night-shift.yaml'])
    expect(override).toContain('# Overrides what lower layers define: spec.description.')
    expect(override).toContain('description: Changed live by bob.')
    expect(override).not.toContain('permissions')
    expect(validated.exitCode, validated.stdout + validated.stderr).toBe(0)
    expect(planned.exitCode, planned.stdout + planned.stderr).toBe(0)
    expect(planned.stdout).toContain('No changes.')
    expect(again.exitCode).toBe(0)
    expect(again.stdout).toMatch(/Nothing to export: the layers already produce all \d+ live/)
    expect(status.not_added.sort()).toEqual([
      `${layer}/roles/customer-service.yaml`, `${layer}/roles/night-shift.yaml`,
    ])
  })

  it('refuses, naming the file, when live differs from what the target\'s own layer defines', async () => {
    const { root, run, git } = await appliedAcme()
    await bob.changeSpec(tenant, 'Integration/sap-erp', (spec) => {
      spec.baseUrl = 'https://erp-other.acme.example/sap'
    })
    await bob.changeSpec(tenant, 'Role/customer-service', (spec) => {
      spec.description = 'Changed live by bob.'
    })

    const refused = await run(['export'])
    const status = await git.status()
    const snapshot = await run(['export', '--out', path.join(root, '..', `snapshot-${copies}`)])

    expect(refused.exitCode).toBe(1)
    expect(refused.stderr).toContain('Nothing was exported: 1 live resource(s) of staging/acme-eu')
    expect(refused.stderr).toContain('Integration/sap-erp: the target\'s layer defines it at '
      + `${layer}/integrations.yaml:3; live differs in spec.baseUrl`)
    expect(refused.stderr).toContain('--out DIR')
    expect(status.isClean()).toBe(true)
    expect(await layerFiles(root)).toEqual(['integrations.yaml'])
    expect(snapshot.exitCode).toBe(0)
    expect(snapshot.stdout).toMatch(/Exported \d+ resource\(s\) of staging\/acme-eu to /)
  })
})
