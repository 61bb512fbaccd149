// Each CI format is checked against its publisher's schema (test/fixtures/formats), offline.
import { Validator } from '@cfworker/json-schema'
import { readFileSync } from 'node:fs'
import type { Log } from 'sarif'
import { describe, expect, it } from 'vitest'
import { validateXML } from 'xmllint-wasm'

import { renderJunit } from '../../src/render/junit.js'
import { renderSarif } from '../../src/render/sarif.js'
import { findRule } from '../../src/rules/registry.js'
import { isRepositoryWide } from '../../src/rules/rule.js'
import { validateDocuments } from './memory-project.js'

const fixtures = new URL('../fixtures/formats/', import.meta.url)
const sarifSchema = JSON.parse(readFileSync(new URL('sarif-2.1.0-rtm.5.json', fixtures), 'utf8')) as Record<string, unknown>
const junitXsd = readFileSync(new URL('junit-10.xsd', fixtures), 'utf8')

/** One error and one warning of the pack, a schema problem, and a line that moves. */
function repository(prefix = ''): string {
  const audit = findRule('OMS-CP-001')!.examples.fail
  const zone = findRule('OMS-CD-004')!.examples.fail
  const role = 'apiVersion: omsctl.dev/v1\nkind: Role\nmetadata:\n  name: clerk\nspec:\n  permissions: [orders:fly]\n'
  return `${prefix}${audit}---\n${zone}---\n${role}`
}

const sarifOptions = { version: '1.2.3', root: '/work/acme', cwd: '/work' }

describe('--format sarif', () => {
  it('is a SARIF 2.1.0 log by the published schema', async () => {
    const run = await validateDocuments(repository())

    const log = JSON.parse(renderSarif(run, sarifOptions)) as unknown
    const result = new Validator(sarifSchema, '4', false).validate(log)

    expect(result.errors.map(error => `${error.instanceLocation} ${error.error}`)).toEqual([])
  })

  it('gives code scanning rules, relative locations and fingerprints', async () => {
    const run = await validateDocuments(repository())

    const log = JSON.parse(renderSarif(run, sarifOptions)) as Log
    const [sarifRun] = log.runs

    expect(log.version).toBe('2.1.0')
    const rules = sarifRun!.tool.driver.rules ?? []
    const ruleIds = rules.map(rule => rule.id)
    expect(ruleIds).toContain('OMS-CP-001')
    expect(ruleIds).toContain('schema/enum')
    expect(rules.find(rule => rule.id === 'OMS-IW-003')?.properties?.['security-severity']).toBe('8.0')
    expect(rules.find(rule => rule.id === 'OMS-CD-004')?.defaultConfiguration?.level).toBe('warning')
    expect(sarifRun!.results?.map(result => [
      result.ruleId, result.level, result.locations?.[0]?.physicalLocation?.artifactLocation?.uri,
      result.locations?.[0]?.physicalLocation?.region?.startLine,
    ])).toEqual([
      ['OMS-CP-001', 'error', 'acme/settings/example.yaml', 7],
      ['OMS-CD-004', 'warning', 'acme/settings/example.yaml', 15],
      ['schema/enum', 'error', 'acme/settings/example.yaml', 32],
    ])
    for (const result of sarifRun!.results ?? []) {
      expect(ruleIds[result.ruleIndex!]).toBe(result.ruleId)
      expect(result.partialFingerprints?.['omsctl/v1']).toMatch(/^[0-9a-f]{32}$/)
    }
  })

  it('keeps an alert\'s fingerprint when the lines above it move', async () => {
    const sarif = async (text: string): Promise<Log> =>
      JSON.parse(renderSarif(await validateDocuments(text), sarifOptions)) as Log
    const before = await sarif(repository())
    const after = await sarif(repository('# a comment\n# and another\n'))

    const prints = (log: Log): unknown[] =>
      log.runs[0]!.results!.map(result => result.partialFingerprints)
    expect(after.runs[0]!.results![0]!.locations![0]!.physicalLocation!.region!.startLine).toBe(9)
    expect(prints(after)).toEqual(prints(before))
  })

  it('uses file URIs for a project outside the working folder', async () => {
    const run = await validateDocuments(repository())

    const log = JSON.parse(renderSarif(run, { ...sarifOptions, cwd: '/elsewhere' })) as Log

    expect(log.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri)
      .toBe('file:///work/acme/settings/example.yaml')
  })
})

describe('--format junit', () => {
  it('is JUnit XML by the Jenkins schema', async () => {
    const run = await validateDocuments(repository())

    const xml = renderJunit(run)
    const result = await validateXML({
      xml: [{ fileName: 'omsctl-junit.xml', contents: xml }],
      schema: [{ fileName: 'junit-10.xsd', contents: junitXsd }],
    })

    expect(result.errors).toEqual([])
    expect(result.valid).toBe(true)
  })

  it('has one test case per rule and target; errors fail, warnings pass with output', async () => {
    const run = await validateDocuments(repository())

    const xml = renderJunit(run)

    const targetRules = run.rules.filter(({ rule }) => !isRepositoryWide(rule)).length
    const cases = [...xml.matchAll(/<testcase classname="omsctl\.prod\/acme"/g)]
    expect(cases.length).toBe(targetRules + 1)
    expect(xml).toMatch(new RegExp('name="OMS-CP-001 Audit logs are kept long enough">\\s*'
      + '<failure message="settings/example.yaml:7:18 audit logs are kept 365 days'))
    expect(xml).toMatch(/name="OMS-CD-004 Time zones use canonical IANA names">\s*<system-out>/)
    expect(xml).toMatch(/name="document checks \(schema, [^"]+\)">\s*<failure[^>]*type="omsctl"/)
    expect(xml).toMatch(/<testsuite name="repository" tests="3" failures="0"/)
  })
})
