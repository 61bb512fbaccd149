// The built CLI, as CI runs it: `npm run build` first (npm test does).
import { Validator } from '@cfworker/json-schema'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Log } from 'sarif'
import { describe, expect, it } from 'vitest'
import { validateXML } from 'xmllint-wasm'

import type { ValidationReport } from '../../src/check/validate-project.js'
import { json, omsctl, repoRoot } from '../e2e/cli.js'

const broken = (name: string): string => join(repoRoot, 'examples', 'broken', name)
const fixture = (file: string): string => readFileSync(join(repoRoot, 'test', 'fixtures', 'formats', file), 'utf8')
const sarifSchema = JSON.parse(fixture('sarif-2.1.0-rtm.5.json')) as Record<string, unknown>

describe('omsctl validate --format sarif', () => {
  it('prints a valid SARIF log of the problems, with paths from the working folder, and exits 1', async () => {
    const result = await omsctl(['validate', broken('rule-endpoints'), '--format', 'sarif', '--no-cache'])

    expect(result.exitCode).toBe(1)
    const log = JSON.parse(result.stdout) as Log
    expect(new Validator(sarifSchema, '4', false).validate(log).errors).toEqual([])
    expect(log.runs[0]!.results!.map(entry => [
      entry.ruleId, entry.locations![0]!.physicalLocation!.artifactLocation!.uri,
      entry.locations![0]!.physicalLocation!.region!.startLine,
    ])).toEqual([
      ['OMS-SC-001', 'examples/broken/rule-endpoints/settings/webhooks.yaml', 8],
      ['OMS-IW-002', 'examples/broken/rule-endpoints/settings/webhooks.yaml', 9],
      ['OMS-IW-003', 'examples/broken/rule-endpoints/settings/webhooks.yaml', 10],
      ['OMS-IW-003', 'examples/broken/rule-endpoints/settings/webhooks.yaml', 26],
      ['OMS-CH-002', 'examples/broken/rule-endpoints/settings/webhooks.yaml', 40],
    ])
    expect(JSON.stringify(log.runs[0]!.results)).not.toContain('AKIAIOSFODNN7EXAMPLE')
  })

  it('prints a log without results for a valid repository, and exits 0', async () => {
    const result = await omsctl(['validate', join(repoRoot, 'examples', 'acme'), '--format', 'sarif', '--no-cache'])

    expect(result.exitCode).toBe(0)
    const log = JSON.parse(result.stdout) as Log
    expect(log.runs[0]!.results).toEqual([])
    expect(log.runs[0]!.tool.driver.rules!.length).toBeGreaterThan(40)
  })
})

describe('omsctl validate --format junit', () => {
  it('prints JUnit XML valid by the Jenkins schema: a suite per target, failures per rule', async () => {
    const result = await omsctl(['validate', broken('rule-layers'), '--format', 'junit', '--no-cache'])

    expect(result.exitCode).toBe(1)
    const checked = await validateXML({
      xml: [{ fileName: 'omsctl.xml', contents: result.stdout }],
      schema: [{ fileName: 'junit-10.xsd', contents: fixture('junit-10.xsd') }],
    })
    expect(checked.errors).toEqual([])
    expect([...result.stdout.matchAll(/<testsuite name="([^"]+)" tests="\d+" failures="(\d+)"/g)]
      .map(match => `${match[1]} ${match[2]}`)).toEqual(['prod/acme-eu 1', 'prod/acme-us 2', 'repository 0'])
  })
})

describe('omsctl validate --json', () => {
  it('counts active waivers and the problems they silenced, by the output schema', async () => {
    const result = await omsctl(['validate', broken('rule-waivers'), '--json', '--no-cache'])

    expect(result.exitCode).toBe(1)
    const report = json<ValidationReport>(result)
    expect(report.summary).toMatchObject({ errors: 2, warnings: 1, waivers: 1, waived: 1 })
    const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas', 'validate-output.schema.json'), 'utf8')) as object
    expect(new Ajv2020({ strict: true }).validate(schema, report)).toBe(true)
  })

  it('says so in the human summary', async () => {
    const result = await omsctl(['validate', broken('rule-waivers'), '--no-cache'])

    expect(result.stdout).toContain('2 errors, 1 warning in 2 files, 3 documents; 1 active waiver silenced 1 problem')
  })
})

describe('omsctl rules', () => {
  it('lists every rule with its severity and title, then the settings with their defaults', async () => {
    const result = await omsctl(['rules'])

    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('OMS-LC-001  error    A lifecycle has exactly one initial state\n')
    expect(result.stdout).toMatch(/^OMS-CD-004 {2}warning {2}Time zones use canonical IANA names$/m)
    expect(result.stdout).toContain('thresholds.auditRetentionDays = 2555')
  })

  it('shows one rule with its documentation and both examples', async () => {
    const result = await omsctl(['rules', 'oms-iw-003'])

    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('OMS-IW-003  No endpoint on an internal address')
    expect(result.stdout).toContain('spec.rules.allow.internalHosts (default [])')
    expect(result.stdout).toContain('Passing example:')
    expect(result.stdout).toContain('url: https://2130706433/oms/orders  # <- 127.0.0.1')
  })

  it('names each kind a rule reads once', async () => {
    const result = await omsctl(['rules', 'OMS-CD-003'])

    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('runs: per target, on GlobalSettings, Channel, LocaleSettings together\n')
  })

  it('answers --json for the list and for one rule', async () => {
    const list = json<{ rules: { id: string }[], settings: { name: string }[] }>(await omsctl(['rules', '--json']))
    const one = json<{ rule: { id: string, examples: { fail: string } } }>(await omsctl(['rules', 'OMS-CP-001', '--json']))

    expect(list.rules.length).toBeGreaterThan(40)
    expect(list.settings.map(setting => setting.name)).toContain('keyRotationMaxDays')
    expect(one.rule.id).toBe('OMS-CP-001')
    expect(one.rule.examples.fail).toContain('# <-')
  })

  it('refuses an unknown rule with the closest id as hint and exit code 1', async () => {
    const result = await omsctl(['rules', 'OMS-LC-01'])

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('Error: no rule OMS-LC-01')
    expect(result.stderr).toContain('did you mean "OMS-LC-001"?')
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/)
  })
})
