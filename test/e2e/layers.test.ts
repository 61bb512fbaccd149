import { Validator } from '@cfworker/json-schema'
import {
  existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Log } from 'sarif'
import { simpleGit, type SimpleGit } from 'simple-git'
import { beforeAll, describe, expect, it } from 'vitest'

import type { ValidationReport } from '../../src/check/validate-project.js'
import type { Explanation } from '../../src/explain/explain.js'
import { testRepository } from '../git/repository.js'
import { json, omsctl, repoRoot } from './cli.js'
import { LiveApi } from './harness/live-api.js'
import { createToken, startOms } from './harness/oms-server.js'

const sarifSchema = JSON.parse(readFileSync(
  join(repoRoot, 'test', 'fixtures', 'formats', 'sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>

const project = `apiVersion: omsctl.dev/v1
kind: Project
metadata:
  name: layered
spec:
  layers: [global, 'regions/{region}', 'tenants/{tenant}', 'tenants/{tenant}/{environment}']
  environments:
    - {name: staging, apiUrl: 'http://127.0.0.1:1', tokenEnv: STAGING_TOKEN}
    - {name: prod, apiUrl: 'http://127.0.0.1:1', tokenEnv: PROD_TOKEN}
  tenants:
    - {name: acme-eu, region: eu}
    - {name: acme-fr, region: eu}
    - {name: acme-us, region: na}
  owners:
    - {path: 'regions/eu/**', owners: ['@acme/eu-tax']}
    - {path: global/, owners: ['@acme/platform']}
`

const audit = `apiVersion: omsctl.dev/v1
kind: AuditPolicy
metadata:
  name: platform-audit
  locked: [spec.retentionDays]
spec:
  level: standard
  retentionDays: 2555
  immutable: true
`

const approvals = `apiVersion: omsctl.dev/v1
kind: Role
metadata:
  name: order-manager
spec:
  description: Order operations.
  permissions: [orders:read, orders:approve]
---
apiVersion: omsctl.dev/v1
kind: ApprovalPolicy
metadata:
  name: high-value
spec:
  currency: EUR
  bands:
    - name: small
      minimum: 0
      approverRoles: [order-manager]
      requiredApprovals: 0
    - name: large
      minimum: 500000
      approverRoles: [order-manager]
      requiredApprovals: 1
  escalation:
    afterHours: 12
    toRoles: [order-manager]
`

const tenantBands = `apiVersion: omsctl.dev/v1
kind: ApprovalPolicy
metadata:
  name: high-value
spec:
  bands:
    - name: large
      minimum: 250000
`

async function commit(
  git: SimpleGit,
  dir: string,
  author: string,
  files: Record<string, string>,
  message: string,
  date?: string,
): Promise<string> {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), content)
  }

  await git.add('.')
  await git.commit(message, undefined, {
    '--author': `${author} <${author.toLowerCase()}@acme.example>`,
    ...(date === undefined ? {} : { '--date': date }),
  })
  return (await git.revparse(['HEAD'])).trim()
}

describe('layers, explain and git awareness', () => {
  let dir: string
  const history: Record<string, string> = {}

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'omsctl-layers-'))
    const git = simpleGit(dir)
    await git.init()
    await git.addConfig('user.name', 'CI')
    await git.addConfig('user.email', 'ci@acme.example')
    history.alice = await commit(git, dir, 'Alice', { 'omsctl.yaml': project, 'global/audit.yaml': audit, 'global/approvals.yaml': approvals }, 'Global defaults', '2024-01-15T09:30:00Z')
    history.bob = await commit(git, dir, 'Bob', { 'tenants/acme-eu/approvals.yaml': tenantBands }, 'Lower the large band for acme-eu', '2024-03-02T16:05:00Z')
    await git.tag(['base'])
  })

  it('lists each target with its layers', async () => {
    const result = await omsctl(['targets', dir, '--json'])

    const { targets } = json<{ targets: { target: string, layers: string[] }[] }>(result)
    expect(targets).toHaveLength(6)
    expect(targets.find(row => row.target === 'prod/acme-eu')?.layers)
      .toEqual(['global', 'regions/eu', 'tenants/acme-eu', 'tenants/acme-eu/prod'])
  })

  it('explains a merged value with the layer, line and git author of each step', async () => {
    const result = await omsctl(['explain', '-p', dir, '-t', 'prod/acme-eu', 'ApprovalPolicy/high-value', 'spec.bands', '--json'])

    expect(result.exitCode).toBe(0)
    const explanation = json<Explanation>(result)
    const minimum = explanation.leaves.find(leaf => leaf.path === 'spec.bands.1.minimum')
    expect(minimum?.value).toBe(250000)
    const steps = minimum?.steps
      .map(step => [step.layer, step.file, step.line, step.effect, step.history?.author])
    expect(steps).toEqual([
      ['global', 'global/approvals.yaml', 21, 'overridden', 'Alice'],
      ['tenants/acme-eu', 'tenants/acme-eu/approvals.yaml', 8, 'in-effect', 'Bob'],
    ])
    expect(minimum?.steps.map(step => step.history)).toEqual([
      { commit: history.alice, author: 'Alice', date: '2024-01-15T09:30:00.000Z', summary: 'Global defaults', uncommitted: false },
      { commit: history.bob, author: 'Bob', date: '2024-03-02T16:05:00.000Z', summary: 'Lower the large band for acme-eu', uncommitted: false },
    ])
    const roles = explanation.leaves.find(leaf => leaf.path === 'spec.bands.1.approverRoles.0')
    expect(roles?.steps.map(step => step.layer)).toEqual(['global'])
  })

  it('prints the explanation for a person', async () => {
    const result = await omsctl(['explain', '-p', dir, '-t', 'prod/acme-eu', 'ApprovalPolicy/high-value', 'spec.bands.1.minimum'])

    expect(result.stdout).toContain('spec.bands.1.minimum = 250000')
    const where = String.raw`tenants/acme-eu\s+tenants/acme-eu/approvals.yaml:8`
    const line = `${history.bob!.slice(0, 8)} Bob 2024-03-02 Lower the large band for acme-eu`
    expect(result.stdout).toMatch(new RegExp(`${where}\\s+in effect\\s+${line}$`, 'mu'))
  })

  it('reports an override of a locked field at the overriding line, once for all targets', async () => {
    const work = mkdtempSync(join(tmpdir(), 'omsctl-locked-'))
    const git = simpleGit(work)
    await git.init()
    await commit(git, work, 'Alice', { 'omsctl.yaml': project, 'global/audit.yaml': audit }, 'Audit')
    writeFileSync(join(work, 'global', 'x.yaml'), '')
    mkdirSync(join(work, 'tenants', 'acme-eu'), { recursive: true })
    writeFileSync(join(work, 'tenants', 'acme-eu', 'audit.yaml'), audit.replace('  locked: [spec.retentionDays]\n', '').replace('2555', '365'))

    const result = await omsctl(['validate', work, '--json'])

    expect(result.exitCode).toBe(1)
    const report = json<ValidationReport>(result)
    expect(report.problems).toEqual([expect.objectContaining({
      file: 'tenants/acme-eu/audit.yaml', line: 7, column: 18, rule: 'layer/locked',
      message: expect.stringContaining('spec.retentionDays is locked by global/audit.yaml:5 (layer global)') as string,
    })])
  })

  it('validates only the targets that changed files affect, with the same result', async () => {
    const work = mkdtempSync(join(tmpdir(), 'omsctl-changed-'))
    const git = simpleGit(work)
    await git.init()
    await commit(git, work, 'Alice', { 'omsctl.yaml': project, 'global/approvals.yaml': approvals }, 'Base')
    await git.tag(['base'])
    await commit(git, work, 'Carol', { 'regions/na/approvals.yaml': tenantBands.replace('250000', 'lots') }, 'NA band')

    const changed = await omsctl(['validate', work, '--changed-since', 'base', '--json'])
    const full = await omsctl(['validate', work, '--target', 'prod/acme-us', '--target', 'staging/acme-us', '--json'])
    const none = await omsctl(['validate', work, '--changed-since', 'HEAD', '--json'])

    const report = json<ValidationReport>(changed)
    expect(report.summary.targets).toBe(2)
    expect(report.problems.map(problem => `${problem.file}:${problem.line} ${problem.rule}`))
      .toEqual(['regions/na/approvals.yaml:8 schema/type'])
    expect(json<ValidationReport>(full).problems).toEqual(report.problems)
    expect(json<ValidationReport>(none)).toMatchObject({ valid: true, summary: { targets: 0 } })
  })

  it.each([
    ['a global file', 'commit', { 'global/approvals.yaml': approvals.replace('12', '8') }, 6],
    ['omsctl.yaml', 'commit', { 'omsctl.yaml': `${project}  # reviewed\n` }, 6],
    ['a deleted tenant file', 'commit', { 'tenants/acme-eu/approvals.yaml': null }, 2],
    ['an untracked region file', 'untracked', { 'regions/na/approvals.yaml': tenantBands }, 2],
    ['a file moved from one tenant to another', 'commit', {
      'tenants/acme-eu/approvals.yaml': null, 'tenants/acme-us/approvals.yaml': tenantBands,
    }, 4],
  ])('--changed-since counts %s', async (_, how, files: Record<string, string | null>, targets) => {
    const repo = await testRepository('changed-since')
    await repo.commit('Alice', { 'omsctl.yaml': project, 'global/approvals.yaml': approvals }, 'Base')
    await repo.commit('Bob', { 'tenants/acme-eu/approvals.yaml': tenantBands }, 'acme-eu bands')
    await repo.git.tag(['base'])
    if (how === 'untracked') repo.write(files)
    else await repo.commit('Carol', files, 'The change')

    const result = await omsctl(['validate', repo.dir, '--changed-since', 'base', '--json'])

    expect(result.stderr).toBe('')
    expect(json<ValidationReport>(result).summary.targets).toBe(targets)
  })

  it('plans only a target that files changed since a revision affect', async () => {
    const work = mkdtempSync(join(tmpdir(), 'omsctl-plan-changed-'))
    const git = simpleGit(work)
    await git.init()
    await commit(git, work, 'Alice', { 'omsctl.yaml': project, 'global/audit.yaml': audit }, 'Base')
    await git.tag(['base'])
    const clerk = 'apiVersion: omsctl.dev/v1\nkind: Role\nmetadata:\n  name: na-clerk\n'
      + 'spec:\n  description: Clerk.\n  permissions: [orders:read]\n'
    await commit(git, work, 'Carol', { 'regions/na/roles.yaml': clerk }, 'NA clerk')
    const env = { PROD_TOKEN: 'unused' }

    // the API of both environments is unreachable: a skipped plan never asks it
    const skipped = await omsctl(['plan', '-t', 'prod/acme-eu', '--changed-since', 'base', '--detailed-exitcode'], { cwd: work, env })
    const skippedJson = await omsctl(['plan', '-t', 'prod/acme-eu', '--changed-since', 'base', '--json'], { cwd: work, env })
    const planned = await omsctl(['plan', '-t', 'prod/acme-us', '--changed-since', 'base'], { cwd: work, env })
    const both = await omsctl(['plan', '-t', 'prod/acme-us', '--changed-since', 'base', '--ref', 'base'], { cwd: work, env })

    expect(skipped).toMatchObject({ exitCode: 0 })
    expect(skipped.stdout).toBe('No file changed since base (1 changed) affects prod/acme-eu: nothing to plan.')
    expect(json(skippedJson)).toEqual({ target: 'prod/acme-eu', changedSince: 'base', changedFiles: 1, affected: false })
    expect(planned.exitCode).toBe(1)
    expect(planned.stderr).toContain('127.0.0.1:1')
    expect(both.exitCode).toBe(1)
    expect(both.stderr).toContain('--ref')
  })

  it('reports the commit it ran on and the uncommitted files it read, also from its cache', async () => {
    const repo = await testRepository('revision')
    const head = await repo.commit('Alice', { 'omsctl.yaml': project, 'global/audit.yaml': audit }, 'Base')
    repo.write({ 'global/audit.yaml': audit.replace('standard', 'verbose'), 'notes/todo.md': 'later\n' })

    const dirty = await omsctl(['validate', repo.dir, '--json'])
    const dirtyHuman = await omsctl(['validate', repo.dir])
    const next = await repo.commit('Bob', {}, 'Verbose audit')
    const cached = await omsctl(['validate', repo.dir, '--json'])
    const cleanHuman = await omsctl(['validate', repo.dir])

    expect(json<ValidationReport>(dirty).revision).toEqual({ commit: head, uncommitted: ['global/audit.yaml'] })
    expect(dirtyHuman.stdout.split('\n').at(-1))
      .toBe(`on commit ${head.slice(0, 12)}, with uncommitted changes in 1 file(s): global/audit.yaml`)
    expect(existsSync(join(repo.dir, '.omsctl', 'cache', 'report.json'))).toBe(true)
    expect(json<ValidationReport>(cached).revision).toEqual({ commit: next, uncommitted: [] })
    expect(cleanHuman.stdout.split('\n').at(-1)).toBe(`on commit ${next.slice(0, 12)}`)
  })

  it('ties SARIF results to the repository and commit, with no credentials in the URL', async () => {
    const repo = await testRepository('sarif')
    const head = await repo.commit('Alice', { 'omsctl.yaml': project, 'global/audit.yaml': audit }, 'Base')
    const local = await omsctl(['validate', repo.dir, '--format', 'sarif'])
    await repo.git.addRemote('origin', 'https://ci-bot:s3cr3t-token@github.com/acme/oms-settings.git')

    const remote = await omsctl(['validate', repo.dir, '--format', 'sarif'])

    const provenance = (result: { stdout: string }): unknown =>
      (JSON.parse(result.stdout) as Log).runs[0]?.versionControlProvenance
    const workTree = pathToFileURL(realpathSync(repo.dir)).href
    expect(provenance(local)).toEqual([{ repositoryUri: workTree, revisionId: head }])
    expect(provenance(remote)).toEqual([{ repositoryUri: 'https://github.com/acme/oms-settings.git', revisionId: head }])
    expect(remote.stdout).not.toContain('s3cr3t')
    expect(new Validator(sarifSchema, '4', false).validate(JSON.parse(remote.stdout)).valid).toBe(true)
  })

  it('plans and applies without the Governance document, which never reaches the OMS', async () => {
    const dbDir = mkdtempSync(join(tmpdir(), 'omsctl-governance-db-'))
    const db = join(dbDir, 'oms.db')
    const server = await startOms(db)
    try {
      const [admin, apply] = await Promise.all([createToken(db, 'admin', 'admin'), createToken(db, 'apply', 'bot')])
      const repo = await testRepository('governance-plan')
      const governance = 'apiVersion: omsctl.dev/v1\nkind: Governance\nmetadata:\n  name: platform\n'
        + 'spec:\n  rules:\n    - {kind: AuditPolicy, paths: [spec.retentionDays]}\n'
      await repo.commit('Alice', { 'omsctl.yaml': project, 'global/audit.yaml': audit, 'global/governance.yaml': governance }, 'Base')
      const env = { OMSCTL_API_URL: server.url, PROD_TOKEN: apply }

      const planned = await omsctl(['plan', '-t', 'prod/acme-eu', '--json'], { cwd: repo.dir, env })
      const applied = await omsctl(['apply', '-t', 'prod/acme-eu', '--auto-approve'], { cwd: repo.dir, env })
      const live = await new LiveApi(server.url, admin).resources('acme-eu')

      const changes = json<{ changes: { kind: string }[] }>(planned).changes
      expect(changes.map(change => change.kind)).toEqual(['AuditPolicy'])
      expect(applied.exitCode).toBe(0)
      expect(live.map(resource => resource.kind)).toEqual(['AuditPolicy'])
    } finally {
      await server.stop()
      rmSync(dbDir, { recursive: true, force: true })
    }
  }, 60_000)

  it('refuses an unknown revision for --changed-since', async () => {
    const result = await omsctl(['validate', dir, '--changed-since', 'no-such-branch'])

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('"no-such-branch" is not a commit')
  })

  it('writes CODEOWNERS from the ownership rules', async () => {
    const result = await omsctl(['owners', dir])

    expect(result.stdout).toContain('/regions/eu/** @acme/eu-tax')
    expect(result.stdout).toContain('/global/ @acme/platform')
  })
})
