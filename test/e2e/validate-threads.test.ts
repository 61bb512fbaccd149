import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import { webhook, writeFiles } from './harness/project.js'
import { omsctl, repoRoot } from './cli.js'

const made: string[] = []

afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function copyOf(example: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'omsctl-threads-'))
  made.push(dir)
  // the example's own cache, if a run left one, is not part of it
  cpSync(join(repoRoot, 'examples', example), dir, {
    recursive: true, filter: source => !source.includes('.omsctl'),
  })
  return dir
}

/** examples/acme with a problem in every kind of place a split run must not lose or double. */
async function troubledAcme(): Promise<string> {
  const dir = copyOf('acme')
  await writeFiles(dir, {
    // inherited by all six targets: reported once
    'global/extra-roles.yaml': `apiVersion: omsctl.dev/v1
kind: Role
metadata:
  name: Bad_Name
spec:
  description: An invalid name in the global layer.
  permissions: [orders:read]
`,
    // one tenant's own mistake, and a waiver in force on another tenant
    'tenants/acme-us/staging/hooks.yaml': webhook('internal', 'https://10.0.0.5/orders'),
    'tenants/acme-fr/prod/hooks.yaml': webhook('legacy-internal', 'https://10.0.0.6/orders')
      .replace('  name: legacy-internal\n', `  name: legacy-internal
  waivers:
    - rule: OMS-IW-003
      reason: Legacy receiver, replaced in Q1 (CHG-1042)
      expires: "2099-12-31"
`),
    // credentials where only the raw text shows them: a comment, and a file outside the layers
    'tenants/acme-us/staging/notes.yaml': '# deploy key AKIAIOSFODNN7EXAMPLE, rotate soon\n',
    'docs/runbook.yaml': 'steps:\n  - token ghp_abcdefghijklmnopqrstuvwxyz0123456789\n',
    // a tenant the project does not declare: a file in no target's layers
    'tenants/acme-ghost/roles.yaml': `apiVersion: omsctl.dev/v1
kind: Role
metadata:
  name: ghost
spec:
  description: Nobody reads this.
  permissions: [orders:read]
`,
  })
  return dir
}

interface Outcome {
  exitCode: number
  stdout: string
}

async function runWith(dir: string, threads: string, format: string[]): Promise<Outcome> {
  const result = await omsctl(['validate', dir, '--no-cache', '--concurrency', threads, ...format])
  expect(result.stderr).not.toMatch(/Internal error|at .*\.js:\d+/)
  return { exitCode: result.exitCode, stdout: result.stdout }
}

describe('validate split over worker threads', () => {
  it.each([
    ['examples/acme', () => Promise.resolve(copyOf('acme'))],
    ['acme with problems in every layer', troubledAcme],
    ['broken/rule-layers', () => Promise.resolve(copyOf('broken/rule-layers'))],
    ['broken/locked-retention', () => Promise.resolve(copyOf('broken/locked-retention'))],
  ])('reports exactly what one thread reports: %s', async (_, make) => {
    const dir = await make()

    const one = await runWith(dir, '1', ['--json'])
    const two = await runWith(dir, '2', ['--json'])
    const three = await runWith(dir, '3', ['--json'])
    const junitOne = await runWith(dir, '1', ['--format', 'junit'])
    const junitThree = await runWith(dir, '3', ['--format', 'junit'])

    expect(two).toEqual(one)
    expect(three).toEqual(one)
    expect(junitThree.stdout.replace(/time="[^"]*"|timestamp="[^"]*"/g, ''))
      .toEqual(junitOne.stdout.replace(/time="[^"]*"|timestamp="[^"]*"/g, ''))
  })

  it('finds every kind of problem the troubled repository holds', async () => {
    const dir = await troubledAcme()

    const result = await runWith(dir, '3', ['--json'])
    const report = JSON.parse(result.stdout) as {
      summary: { waivers: number, waived: number }
      problems: { file: string, rule: string }[]
    }
    const found = report.problems.map(problem => `${problem.file} ${problem.rule}`)

    expect(result.exitCode).toBe(1)
    expect(found).toContain('global/extra-roles.yaml schema/pattern')
    expect(found).toContain('tenants/acme-us/staging/hooks.yaml OMS-IW-003')
    expect(found.filter(line => line.startsWith('global/extra-roles.yaml'))).toHaveLength(1)
    expect(found.some(line => line.startsWith('tenants/acme-ghost/roles.yaml'))).toBe(true)
    expect(found).toContain('tenants/acme-us/staging/notes.yaml OMS-SC-001')
    expect(found).toContain('docs/runbook.yaml OMS-SC-001')
    expect(report.summary).toMatchObject({ waivers: 1, waived: 1 })
  })

  it('keeps a parse cache per thread after a clean run, and writes none after a failing one', async () => {
    const clean = copyOf('acme')
    const failing = await troubledAcme()

    const passed = await omsctl(['validate', clean, '--concurrency', '2'])
    const failed = await omsctl(['validate', failing, '--concurrency', '2'])

    expect(passed.exitCode).toBe(0)
    expect(readdirSync(join(clean, '.omsctl', 'cache')).sort())
      .toEqual(['parse.1-of-2.json', 'parse.2-of-2.json', 'report.json'])
    expect(failed.exitCode).toBe(1)
    expect(existsSync(join(failing, '.omsctl'))).toBe(false)
  })

  it('refuses a --concurrency that is neither auto nor a count', async () => {
    const result = await omsctl(['validate', copyOf('acme'), '--concurrency', 'many'])

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('--concurrency must be auto or a number from 1 to 99')
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/)
  })
})
