import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { simpleGit } from 'simple-git'

export function projectFile(tenant: string): string {
  return `apiVersion: omsctl.dev/v1
kind: Project
metadata:
  name: e2e
spec:
  documents: [settings]
  environments:
    - name: test
      apiUrl: http://127.0.0.1:1
      tokenEnv: OMSCTL_TEST_TOKEN
  tenants:
    - name: ${tenant}
      region: eu
`
}

export function role(name: string, permissions = ['orders:read']): string {
  return `apiVersion: omsctl.dev/v1
kind: Role
metadata:
  name: ${name}
spec:
  description: Role ${name}.
  permissions: [${permissions.join(', ')}]
`
}

export function group(name: string, roles: string[]): string {
  return `apiVersion: omsctl.dev/v1
kind: Group
metadata:
  name: ${name}
spec:
  description: Group ${name}.
  businessUnit: retail-eu
  roles: [${roles.join(', ')}]
  identityProviderGroups: [oms-${name}]
`
}

export function webhook(name: string, url: string): string {
  return `apiVersion: omsctl.dev/v1
kind: Webhook
metadata:
  name: ${name}
spec:
  description: Events for ${name}.
  url: ${url}
  topics: [order.created]
  signingSecret:
    secretRef: env:HOOK_SECRET
  active: true
  timeoutSeconds: 10
  retry:
    maxAttempts: 5
    backoff: {strategy: exponential, initialSeconds: 5, maxSeconds: 600, multiplier: 2, jitter: true}
    retryOn: [timeout, http-5xx]
`
}

/** A small repository: a role, a group granting it, and a signed webhook (env:HOOK_SECRET). */
export const deskSettings: Record<string, string> = {
  'settings/rbac.yaml': `${role('agent')}---\n${group('desk', ['agent'])}`,
  'settings/hooks.yaml': webhook('orders', 'https://hooks.example/orders'),
}

const created: string[] = []

/** Removes every repository made by makeProject; call it in afterAll. */
export async function removeProjects(): Promise<void> {
  for (const root of created.splice(0)) await rm(root, { recursive: true, force: true })
}

/** A settings repository in a temp folder, committed by a named author. */
export async function makeProject(tenant: string, files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'omsctl-e2e-'))
  created.push(root)
  await writeFile(path.join(root, 'omsctl.yaml'), projectFile(tenant))
  await writeFiles(root, files)

  const git = simpleGit({ baseDir: root })
  await git.init()
  await git.addConfig('user.name', 'Ada Lovelace')
  await git.addConfig('user.email', 'ada@example.com')
  await commitAll(root, 'initial settings')
  return root
}

export async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true })
    await writeFile(path.join(root, file), text)
  }
}

export async function commitAll(root: string, message: string): Promise<string> {
  const git = simpleGit({ baseDir: root })
  await git.add('.')
  await git.commit(message)
  return (await git.revparse(['HEAD'])).trim()
}
