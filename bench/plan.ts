// Issue 4: plan, apply and drift as whole processes against the reference server on SQLite.
import { randomBytes, randomUUID } from 'node:crypto'
import { rmSync } from 'node:fs'
import { join } from 'node:path'

import { execa } from 'execa'
import { simpleGit } from 'simple-git'

import { fixed, table } from './measure.js'
import { type CpuRun, measureCpu } from './plan-measure.js'
import { generatePlanRepo } from './plan-repo.js'
import { type BenchServer, countRequests, startBenchServer } from './plan-server.js'

const root = join(import.meta.dirname, '..')
const work = join(root, 'bench', '.work')
const omsctl = join(root, 'bin', 'run.js')

interface Row {
  scenario: string
  count: number
  run: CpuRun
  requests: number
}

interface Measured {
  run: CpuRun
  requests: number
}

/** One whole-process run, its wall time and peak RSS, and the requests the server answered. */
async function once(
  server: BenchServer, cwd: string, args: string[], env: Record<string, string>,
): Promise<Measured> {
  const before = await countRequests(server)
  const run = await measureCpu('node', [omsctl, ...args], { cwd, env })
  const requests = await countRequests(server) - before
  if (run.exitCode !== 0 && run.exitCode !== 2) {
    throw new Error(`omsctl ${args.join(' ')} exited ${run.exitCode}:\n${run.stdout.slice(-2000)}`)
  }

  return { run, requests }
}

/** The median of three runs (by wall time) after one to warm the disk cache. */
async function timed(
  server: BenchServer, cwd: string, args: string[], env: Record<string, string>,
): Promise<Measured> {
  await once(server, cwd, args, env)
  const runs: Measured[] = []
  for (let i = 0; i < 3; i++) runs.push(await once(server, cwd, args, env))
  runs.sort((a, b) => a.run.wallMs - b.run.wallMs)
  return runs[1]!
}

interface LiveRole {
  apiVersion: string
  kind: string
  metadata: { name: string }
  spec: { description: string }
  version: number
}

/** Moves 1% of the roles of a tenant away from git, in one changeset, as another tool would. */
async function driftLive(server: BenchServer, tenant: string): Promise<void> {
  const headers = { 'authorization': `Bearer ${server.token}`, 'content-type': 'application/json' }
  const changes: object[] = []
  let cursor: string | null = null
  do {
    const query: string = cursor === null ? '' : `&cursor=${cursor}`
    const response = await fetch(`${server.url}/v1/tenants/${tenant}/resources?limit=1000&kind=Role${query}`, { headers })
    const page = await response.json() as { items: LiveRole[], nextCursor: string | null }
    for (const item of page.items) {
      if (Number(item.metadata.name.slice(-6)) % 100 !== 0) continue
      changes.push({
        op: 'update', kind: item.kind, name: item.metadata.name, expectedVersion: item.version,
        resource: {
          apiVersion: item.apiVersion, kind: item.kind, metadata: item.metadata,
          spec: { ...item.spec, description: 'changed live' },
        },
      })
    }

    cursor = page.nextCursor
  } while (cursor !== null)

  const response = await fetch(`${server.url}/v1/tenants/${tenant}/changesets`, {
    method: 'POST', headers: { ...headers, 'idempotency-key': randomUUID() }, body: JSON.stringify({ changes }),
  })
  if (!response.ok) throw new Error(`live drift changeset failed: ${response.status} ${await response.text()}`)
}

async function benchSize(count: number, rows: Row[]): Promise<void> {
  const dir = join(work, `plan-${count}`)
  rmSync(dir, { recursive: true, force: true })
  generatePlanRepo(dir, count, 5)
  const git = simpleGit({ baseDir: dir })
  await git.init()
  await git.addConfig('user.name', 'Bench')
  await git.addConfig('user.email', 'bench@example.com')
  await git.add('.')
  await git.commit('bench settings')

  const server = await startBenchServer(join(dir, 'oms.db'))
  const env = { OMSCTL_API_URL: server.url, BENCH_TOKEN: server.token, BENCH_HOOK_SECRET: randomBytes(8).toString('hex') }
  const add = (scenario: string, result: Measured) =>
    rows.push({ scenario, count, ...result })

  try {
    // apply from empty: a fresh tenant for each run; the first run warms up
    const applies: Measured[] = []
    for (let tenant = 1; tenant <= 4; tenant++) {
      const args = ['apply', '--auto-approve', '--target', `bench/t${tenant}`]
      const result = await once(server, dir, args, env)
      if (tenant > 1) applies.push(result)
    }

    applies.sort((a, b) => a.run.wallMs - b.run.wallMs)
    add('apply all from empty', applies[1]!)

    add('plan, no changes', await timed(server, dir, ['plan', '--target', 'bench/t1'], env))

    generatePlanRepo(dir, count, 5, 100)
    add('plan, 1% changed', await timed(server, dir, ['plan', '--target', 'bench/t1'], env))
    generatePlanRepo(dir, count, 5)

    add('drift, none', await timed(server, dir, ['drift', '--target', 'bench/t1'], env))
    await driftLive(server, 't2')
    add('drift, 1% changed live', await timed(server, dir, ['drift', '--target', 'bench/t2'], env))
  } finally {
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

export async function benchPlan(): Promise<void> {
  const rows: Row[] = []
  for (const count of [1_000, 10_000]) await benchSize(count, rows)

  const header = [
    'scenario', 'resources', 'wall s', 'CPU s', 'peak RSS MB', 'requests', '10k/1k wall', '10k/1k CPU',
  ]
  const lines: (string | number)[][] = [header]
  for (const row of rows) {
    const small = rows.find(other => other.scenario === row.scenario && other.count === 1_000)
    const ratio = (pick: (run: CpuRun) => number) =>
      row.count === 10_000 && small ? fixed(pick(row.run) / pick(small.run), 1) : ''
    const { run } = row
    lines.push([
      row.scenario, row.count, fixed(run.wallMs / 1000), fixed(run.cpuMs / 1000),
      Math.round(run.peakRssMb), row.requests, ratio(r => r.wallMs), ratio(r => r.cpuMs),
    ])
  }

  console.log('\nplan / apply / drift (issue 4): whole processes against omsctl server on SQLite, medians')
  console.log(table(lines))
  const load = (await execa('cat', ['/proc/loadavg'])).stdout.split(' ')[0]
  console.log(`(load average while measuring: ${load ?? '?'})`)
}
