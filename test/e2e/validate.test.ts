import { Ajv2020 } from 'ajv/dist/2020.js'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

import type { ValidationReport } from '../../src/check/validate-project.js'
import { json, omsctl, repoRoot } from './cli.js'

const acme = join(repoRoot, 'examples', 'acme')

function tempRepo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'omsctl-validate-'))
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), content)
  }

  return dir
}

const project = `apiVersion: omsctl.dev/v1
kind: Project
metadata:
  name: demo
spec:
  documents: [settings]
  environments:
    - name: prod
      apiUrl: https://oms.example.com
      tokenEnv: OMSCTL_PROD_TOKEN
  tenants:
    - name: demo
      region: eu
`

const badTimezone = `apiVersion: omsctl.dev/v1
kind: GlobalSettings
metadata:
  name: platform
spec:
  timezone: Europe/Berln
  currencies: {default: EUR, supported: [EUR]}
  locales: {default: en-GB, supported: [en-GB]}
  countries: [DE]
  units: {weight: kg, dimension: cm}
`

describe('omsctl validate', () => {
  it('passes the example repository', async () => {
    const result = await omsctl(['validate', acme, '--no-cache'])

    expect(result.stderr).toBe('')
    expect(result.stdout).toMatch(/valid: \d+ files, \d+ documents, no problems/)
    expect(result.exitCode).toBe(0)
  })

  it('prints JSON that matches its published schema', async () => {
    const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas', 'validate-output.schema.json'), 'utf8')) as object
    const validateOutput = new Ajv2020({ strict: true }).compile(schema)

    const passing = await omsctl(['validate', acme, '--json', '--no-cache'])
    const failing = await omsctl(['validate', tempRepo({ 'omsctl.yaml': project, 'settings/global.yaml': badTimezone }), '--json'])

    for (const result of [passing, failing]) {
      expect(validateOutput(json(result)), JSON.stringify(validateOutput.errors)).toBe(true)
    }

    expect(json<ValidationReport>(passing).valid).toBe(true)
    expect(failing.exitCode).toBe(1)
    expect(json<ValidationReport>(failing).problems[0]).toMatchObject({
      file: 'settings/global.yaml', line: 6, column: 13, rule: 'code/timezone', hint: 'did you mean "Europe/Berlin"?',
    })
  })

  it('names file, line, column, rule and hint in human output, without colour when NO_COLOR is set', async () => {
    const dir = tempRepo({ 'omsctl.yaml': project, 'settings/global.yaml': badTimezone })

    const result = await omsctl(['validate', dir])

    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain('settings/global.yaml:6:13  error')
    expect(result.stdout).toContain('code/timezone')
    expect(result.stdout).toContain('hint: did you mean "Europe/Berlin"?')
    expect(result.stdout).not.toContain('\u001B[')
  })

  it('writes GitHub annotations', async () => {
    const dir = tempRepo({ 'omsctl.yaml': project, 'settings/global.yaml': badTimezone })

    const result = await omsctl(['validate', '--format', 'github'], { cwd: dir, env: { GITHUB_WORKSPACE: undefined } })

    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(
      /^::error file=settings\/global.yaml,line=6,col=13,title=code\/timezone::.*%0Adid you mean/m,
    )
  })

  it('refuses a folder without a project file, without a stack trace', async () => {
    const dir = tempRepo({ 'settings/global.yaml': badTimezone })

    const result = await omsctl(['validate', dir])

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('Error: no omsctl.yaml in')
    expect(result.stderr).toContain('Hint:')
    expect(result.stderr).not.toMatch(/\.js:\d+/)
  })

  it('exits 1, not 2, on an unknown flag', async () => {
    const result = await omsctl(['validate', acme, '--bogus'])

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('Nonexistent flag: --bogus')
  })

  it('reuses the parse cache but still reports a problem introduced later', async () => {
    const dir = tempRepo({ 'omsctl.yaml': project, 'settings/global.yaml': badTimezone.replace('Berln', 'Berlin') })

    const first = await omsctl(['validate', dir])
    writeFileSync(join(dir, 'settings', 'global.yaml'), badTimezone)
    const second = await omsctl(['validate', dir])

    expect(first.exitCode).toBe(0)
    expect(readFileSync(join(dir, '.omsctl', 'cache', 'parse.json'), 'utf8')).toContain('settings/global.yaml')
    expect(second.exitCode).toBe(1)
    expect(second.stdout).toContain('code/timezone')
  })

  it('answers an unchanged repository from the last clean run, and notices a same-size edit', async () => {
    const dir = tempRepo({ 'omsctl.yaml': project, 'settings/global.yaml': badTimezone.replace('Berln', 'Berlin') })
    const file = join(dir, 'settings', 'global.yaml')

    const first = await omsctl(['validate', dir, '--json'])
    const second = await omsctl(['validate', dir, '--json'])
    writeFileSync(file, readFileSync(file, 'utf8').replace('Europe/Berlin', 'Europe/Berlix'))
    utimesSync(file, new Date(), new Date(Date.now() + 5000))
    const third = await omsctl(['validate', dir, '--json'])

    expect(existsSync(join(dir, '.omsctl', 'cache', 'report.json'))).toBe(true)
    expect(json<ValidationReport>(second)).toEqual(json<ValidationReport>(first))
    expect(third.exitCode).toBe(1)
    expect(json<ValidationReport>(third).problems[0]?.rule).toBe('code/timezone')
  })

  it('ignores empty files and accepts a byte order mark and CRLF', async () => {
    const dir = tempRepo({
      'omsctl.yaml': project,
      'settings/empty.yaml': '',
      'settings/global.yaml': `\uFEFF${badTimezone.replace('Berln', 'Berlin').replace(/\n/g, '\r\n')}`,
    })

    const result = await omsctl(['validate', dir, '--json'])

    expect(json<ValidationReport>(result))
      .toMatchObject({ valid: true, summary: { documents: 1, errors: 0 } })
  })
})
