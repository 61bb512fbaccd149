import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

import type { Explanation } from '../../src/explain/explain.js'
import type { ProjectConfig } from '../../src/load/project-config.js'
import { renderCodeowners } from '../../src/owners/codeowners.js'
import { testRepository } from '../git/repository.js'
import { json, omsctl, repoRoot } from './cli.js'

const acme = join(repoRoot, 'examples', 'acme')
const locked = join(repoRoot, 'examples', 'broken', 'locked-retention')

describe('omsctl explain', () => {
  it('marks the override a lock stopped, and the layer that locks', async () => {
    const result = await omsctl([
      'explain', '-p', locked, '-t', 'prod/acme-eu', 'AuditPolicy/platform-audit', 'spec.retentionDays', '--json',
    ])

    const [leaf] = json<Explanation>(result).leaves
    expect(leaf?.value).toBe(2555)
    expect(leaf?.steps.map(step => [step.layer, step.line, step.effect, step.locks])).toEqual([
      ['global', 9, 'in-effect', true],
      ['tenants/acme-eu', 7, 'stopped-by-lock', false],
    ])
  })

  it.each([
    [['-t', 'prod/acme-eu', 'ApprovalPolicy/high-value'], 'has no resource ApprovalPolicy/high-value', 'did you mean "ApprovalPolicy/high-value-orders"?'],
    [['-t', 'prod/acme-eu', 'ApprovalPolicy/high-value-orders', 'spec.nope'], 'has no value at spec.nope', 'fields under spec: description, currency, orderTypes, bands,'],
    [['-t', 'prod/acme-eu', 'ApprovalPolicy/high-value-orders', 'spec.bandz.0'], 'has no value at spec.bandz.0', 'did you mean "bands"? fields under spec:'],
    [['-t', 'prod/acme-eu', 'ApprovalPolicy/high-value-orders', 'spec.bands.7'], 'has no value at spec.bands.7', 'spec.bands is a list: use an index from 0 to'],
    [['-t', 'prod/acme-eu', 'ApprovalPolicy/high-value-orders', 'spec.currency.code'], 'has no value at spec.currency.code', 'spec.currency holds a single value'],
    [['-t', 'prod/acme-eu', 'ApprovalPolicy/high-value-orders', 'nope'], 'has no value at nope', 'top-level fields: apiVersion, kind, metadata, spec'],
    [['-t', 'prod/acme-e', 'AuditPolicy/platform-audit'], 'unknown target "prod/acme-e"', 'did you mean "prod/acme-eu"?'],
    [['AuditPolicy/platform-audit'], 'no target given', 'OMSCTL_TARGET'],
  ])('refuses %j with a message and a hint', async (args, message, hint) => {
    const result = await omsctl(['explain', '-p', acme, '--no-blame', ...args])

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain(message)
    expect(result.stderr).toContain(hint)
    expect(result.stderr).not.toMatch(/\.js:\d+/)
  })

  it('reads the target from OMSCTL_TARGET', async () => {
    const result = await omsctl(['explain', '-p', acme, '--no-blame', 'Tenant/acme-fr', 'spec.region'], {
      env: { OMSCTL_TARGET: 'staging/acme-fr' },
    })

    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('spec.region = "eu"')
  })
})

describe('omsctl owners', () => {
  it('writes CODEOWNERS and then finds it up to date', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'omsctl-owners-'))
    cpSync(acme, dir, { recursive: true })

    const write = await omsctl(['owners', '--out', '.github/CODEOWNERS'], { cwd: dir })
    const check = await omsctl(['owners', '--check', '.github/CODEOWNERS'], { cwd: dir })

    expect(write.exitCode).toBe(0)
    expect(readFileSync(join(dir, '.github', 'CODEOWNERS'), 'utf8')).toContain('/regions/eu/tax.yaml @acme/eu-tax')
    expect(check.exitCode).toBe(0)
  })

  it('fails --check when the file is stale', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'omsctl-owners-'))
    cpSync(acme, dir, { recursive: true })
    writeFileSync(join(dir, 'CODEOWNERS'), '* @someone\n')

    const result = await omsctl(['owners', dir, '--check', join(dir, 'CODEOWNERS')])

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('CODEOWNERS is out of date with omsctl.yaml')
  })

  it('anchors paths at the git root when the settings are a subfolder, and writes where it runs', async () => {
    const repo = await testRepository('owners-subfolder')
    cpSync(acme, join(repo.dir, 'examples', 'acme'), { recursive: true })
    await repo.commit('Alice', { 'README.md': 'Platform monorepo\n' }, 'Settings in a subfolder')

    const write = await omsctl(['owners', 'examples/acme', '--out', '.github/CODEOWNERS'], { cwd: repo.dir })
    const check = await omsctl(['owners', '--check', '../../.github/CODEOWNERS'], { cwd: join(repo.dir, 'examples', 'acme') })

    expect(write).toMatchObject({ exitCode: 0, stdout: 'wrote .github/CODEOWNERS' })
    expect(existsSync(join(repo.dir, 'examples', 'acme', '.github'))).toBe(false)
    const lines = readFileSync(join(repo.dir, '.github', 'CODEOWNERS'), 'utf8').split('\n')
      .filter(line => line !== '' && !line.startsWith('#'))
    expect(lines).toEqual([
      '/examples/acme/ @acme/commerce-platform',
      '/examples/acme/global/security.yaml @acme/security',
      '/examples/acme/global/retention.yaml @acme/privacy @acme/security',
      '/examples/acme/regions/eu/ @acme/eu-commerce',
      '/examples/acme/regions/eu/tax.yaml @acme/eu-tax',
      '/examples/acme/regions/na/ @acme/na-commerce',
      '/examples/acme/tenants/acme-fr/ @acme/france',
    ])
    expect(check.exitCode).toBe(0)
  })

  it.each([
    ['*', 'settings/', '/settings/'],
    ['*.yaml', 'settings/', '/settings/**/*.yaml'],
    ['**/tax.yaml', 'settings/', '/settings/**/tax.yaml'],
    ['/global/', 'settings/', '/settings/global/'],
    ['./regions/eu/', '', '/regions/eu/'],
    ['*.yaml', '', '*.yaml'],
  ])('writes the pattern %j of a settings folder at %j as %j', (path, folder, expected) => {
    const config = { spec: { owners: [{ path, owners: ['@acme/team'] }] } } as unknown as ProjectConfig

    expect(renderCodeowners(config, folder).trimEnd().split('\n').at(-1)).toBe(`${expected} @acme/team`)
  })
})
