import { Ajv2020 } from 'ajv/dist/2020.js'
import { execa } from 'execa'
import {
  existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
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

/** Every file of a folder with its content and modification time. */
function snapshot(dir: string): Record<string, { content: string, mtimeMs: number }> {
  return Object.fromEntries(readdirSync(dir).map(file => [file, {
    content: readFileSync(join(dir, file), 'utf8'),
    mtimeMs: statSync(join(dir, file)).mtimeMs,
  }]))
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

  it('refuses an omsctl.yaml that is a folder as a user error', async () => {
    const dir = tempRepo({ 'omsctl.yaml/readme.txt': 'not a project file' })

    const result = await omsctl(['validate', dir])

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('Error: omsctl.yaml is a folder, not a file')
    expect(result.stderr).toContain('Hint:')
    expect(result.stderr).not.toContain('Internal error')
  })

  it('reports a documents folder that does not exist, at its line in omsctl.yaml', async () => {
    const dir = tempRepo({ 'omsctl.yaml': project.replace('[settings]', '[settingz]'), 'settings/global.yaml': badTimezone })

    const result = await omsctl(['validate', dir, '--json'])

    expect(result.exitCode).toBe(1)
    expect(json<ValidationReport>(result).problems).toEqual([expect.objectContaining({
      file: 'omsctl.yaml', line: 6, column: 15, rule: 'project/missing-folder', hint: 'did you mean "settings"?',
    })])
  })

  it('shows its own exit codes in --help: 0 and 1, never 2', async () => {
    const validate = await omsctl(['validate', '--help'])
    const plan = await omsctl(['plan', '--help'])

    const codes = validate.stdout.slice(validate.stdout.indexOf('EXIT CODES'))
    expect(codes).toMatch(/^ +0 +valid: no errors/m)
    expect(codes).toMatch(/^ +1 +invalid configuration, or an error/m)
    expect(codes).not.toMatch(/^ +2 /m)
    expect(plan.stdout).toMatch(/^ +2 +changes found/m)
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

  it('notices a same-size edit whose modification time was put back (touch -r)', async () => {
    const dir = tempRepo({ 'omsctl.yaml': project, 'settings/global.yaml': badTimezone.replace('Berln', 'Berlin') })
    const file = join(dir, 'settings', 'global.yaml')
    const reference = join(dir, '..', `${basename(dir)}-reference`)
    writeFileSync(reference, '')
    await execa('touch', ['-r', file, reference])

    const first = await omsctl(['validate', dir, '--json'])
    writeFileSync(file, readFileSync(file, 'utf8').replace('Europe/Berlin', 'Europe/Berlix'))
    await execa('touch', ['-r', reference, file])
    const second = await omsctl(['validate', dir, '--json'])

    expect(first.exitCode).toBe(0)
    expect(statSync(file).mtimeMs).toBe(statSync(reference).mtimeMs)
    expect(second.exitCode).toBe(1)
    expect(json<ValidationReport>(second).problems[0]).toMatchObject({ rule: 'code/timezone', line: 6 })
  })

  it('refuses an unknown target with the known ones, as a documented --json error', async () => {
    const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas', 'error-output.schema.json'), 'utf8')) as object
    const errorOutput = new Ajv2020({ strict: true }).compile(schema)

    const human = await omsctl(['validate', acme, '--target', 'unknown/x'])
    const machine = await omsctl(['validate', acme, '--target', 'unknown/x', '--json'])

    expect(human.exitCode).toBe(1)
    expect(human.stderr).toContain('Error: unknown target "unknown/x"')
    expect(human.stderr).toContain('Hint: targets: staging/acme-eu')
    expect(human.stderr).not.toMatch(/\.js:\d+/)
    expect(machine.exitCode).toBe(1)
    expect(errorOutput(json(machine)), JSON.stringify(errorOutput.errors)).toBe(true)
    const { error } = json<{ error: { code: string, hint: string } }>(machine)
    expect(error.code).toBe('unknown_target')
    expect(error.hint).toContain('prod/acme-eu')
  })

  it('writes nothing on an invalid run: no cache is created, a clean run\'s cache is left as it was', async () => {
    const fresh = tempRepo({ 'omsctl.yaml': project, 'settings/global.yaml': badTimezone })
    const cached = tempRepo({ 'omsctl.yaml': project, 'settings/global.yaml': badTimezone.replace('Berln', 'Berlin') })
    const cacheDir = join(cached, '.omsctl', 'cache')
    const clean = await omsctl(['validate', cached])
    const before = snapshot(cacheDir)
    writeFileSync(join(cached, 'settings', 'global.yaml'), badTimezone)
    writeFileSync(join(cached, 'settings', 'roles.yaml'), 'kind: Role\nbad: [1\n')

    const first = await omsctl(['validate', fresh])
    const second = await omsctl(['validate', cached])

    expect(clean.exitCode).toBe(0)
    expect(Object.keys(before).sort()).toEqual(['parse.json', 'report.json'])
    expect(first.exitCode).toBe(1)
    expect(existsSync(join(fresh, '.omsctl'))).toBe(false)
    expect(second.exitCode).toBe(1)
    expect(snapshot(cacheDir)).toEqual(before)
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
