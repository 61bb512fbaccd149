import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const PER_FILE = 100

/** Document `index` of the bench repository: roles, groups granting them, webhooks. */
function document(index: number, variant: string): string {
  const id = String(index).padStart(6, '0')
  switch (index % 3) {
    case 0: return `apiVersion: omsctl.dev/v1
kind: Role
metadata:
  name: role-${id}
  labels: {team: team-${index % 17}}
spec:
  description: Role ${id}${variant}.
  permissions: [orders:read, orders:update, returns:read, customers:read]
`
    case 1: return `apiVersion: omsctl.dev/v1
kind: Group
metadata:
  name: group-${id}
spec:
  description: Group ${id}${variant}.
  businessUnit: unit-${index % 7}
  roles: [role-${String(index - 1).padStart(6, '0')}]
  identityProviderGroups: [oms-group-${id}]
`
    default: return `apiVersion: omsctl.dev/v1
kind: Webhook
metadata:
  name: hook-${id}
spec:
  description: Events ${id}${variant}.
  url: https://hooks.example.com/oms/${id}
  topics: [order.created, order.cancelled]
  signingSecret:
    secretRef: env:BENCH_HOOK_SECRET
  active: true
  timeoutSeconds: 10
  retry:
    maxAttempts: 5
    backoff: {strategy: exponential, initialSeconds: 5, maxSeconds: 600, multiplier: 2, jitter: true}
    retryOn: [timeout, http-5xx]
`
  }
}

/**
 * A settings repository of `count` resources in files of 100 documents, for the targets
 * `bench/t1` … `bench/tN`. `changedEvery` rewrites every n-th document (1% with 100).
 */
export function generatePlanRepo(
  dir: string, count: number, tenants: number, changedEvery = 0,
): void {
  rmSync(join(dir, 'settings'), { recursive: true, force: true })
  mkdirSync(join(dir, 'settings'), { recursive: true })

  for (let start = 0; start < count; start += PER_FILE) {
    const documents: string[] = []
    for (let index = start; index < Math.min(count, start + PER_FILE); index++) {
      const changed = changedEvery > 0 && index % changedEvery === changedEvery - 1
      documents.push(document(index, changed ? ' (changed)' : ''))
    }

    writeFileSync(join(dir, 'settings', `part-${String(start / PER_FILE).padStart(4, '0')}.yaml`), documents.join('---\n'))
  }

  const list = Array.from({ length: tenants }, (_, t) => `    - {name: t${t + 1}, region: eu}`).join('\n')
  writeFileSync(join(dir, 'omsctl.yaml'), `apiVersion: omsctl.dev/v1
kind: Project
metadata: {name: bench}
spec:
  documents: [settings]
  environments:
    - {name: bench, apiUrl: 'http://127.0.0.1:1', tokenEnv: BENCH_TOKEN}
  tenants:
${list}
`)
}
