import { describe, expect, it } from 'vitest'

import { Checker } from '../../src/check/checker.js'
import { toProblems } from '../../src/check/finding.js'
import { loadProject } from '../../src/load/load-project.js'
import { Resolver } from '../../src/resolve/resolver.js'
import { listTargets } from '../../src/resolve/target.js'
import { INTERNAL_ERROR_RULE, RuleEngine } from '../../src/rules/engine.js'
import { findRule } from '../../src/rules/registry.js'
import type { Rule } from '../../src/rules/rule.js'
import { DEFAULT_SETTINGS } from '../../src/rules/settings.js'
import { todayUtc } from '../../src/rules/waivers.js'
import { memorySource, validateDocuments, validateFiles } from './memory-project.js'

const layered = `apiVersion: omsctl.dev/v1
kind: Project
metadata:
  name: layered
spec:
  layers: [global, 'tenants/{tenant}']
  environments:
    - name: prod
      apiUrl: https://oms.example.com/admin
      tokenEnv: OMSCTL_PROD_TOKEN
  tenants:
    - name: acme-eu
      region: eu
    - name: acme-us
      region: na
`

const audit = (name: string, days: number, metadata = ''): string => `apiVersion: omsctl.dev/v1
kind: AuditPolicy
metadata:
  name: ${name}
${metadata}spec:
  level: standard
  retentionDays: ${days}
  immutable: true
`

function daysFromToday(days: number): string {
  return todayUtc(new Date(Date.now() + days * 86_400_000))
}

function waiver(rule: string, expires: string): string {
  return `  waivers:\n    - rule: ${rule}\n      reason: pilot tenant, approved in GRC-7\n      expires: "${expires}"\n`
}

describe('rules on layered targets', () => {
  it('reports a value at the line of the layer that set it', async () => {
    const run = await validateFiles({
      'omsctl.yaml': layered,
      'global/audit.yaml': audit('platform-audit', 2555),
      'tenants/acme-eu/audit.yaml': `# the EU tenant shortens retention\n${audit('platform-audit', 365)}`,
    })

    expect(run.report.problems).toMatchObject([
      { file: 'tenants/acme-eu/audit.yaml', line: 8, column: 18, rule: 'OMS-CP-001', resource: 'AuditPolicy/platform-audit' },
    ])
    expect(run.targets.map(target => [target.name, target.problems.length])).toEqual([
      ['prod/acme-eu', 1], ['prod/acme-us', 0],
    ])
  })

  it('reports a problem that every target inherits once, and lists it under each target', async () => {
    const run = await validateFiles({ 'omsctl.yaml': layered, 'global/audit.yaml': audit('platform-audit', 30) })

    expect(run.report.problems.map(problem => `${problem.file}:${problem.line} ${problem.rule}`))
      .toEqual(['global/audit.yaml:7 OMS-CP-001'])
    expect(run.targets.every(target => target.problems.length === 1)).toBe(true)
  })
})

describe('waivers', () => {
  it('silences the waived rule on its document until the end of the expiry day, and counts it', async () => {
    const run = await validateDocuments(audit('sandbox', 30, waiver('OMS-CP-001', daysFromToday(0))))

    expect(run.report.problems).toEqual([])
    expect(run.report.summary).toMatchObject({ waivers: 1, waived: 1 })
  })

  it('waives nothing once expired, and reports the waiver itself', async () => {
    const run = await validateDocuments(audit('sandbox', 30, waiver('OMS-CP-001', daysFromToday(-1))))

    expect(run.report.problems.map(problem => `${problem.line} ${problem.rule}`)).toEqual([
      '8 OMS-WV-001', '11 OMS-CP-001',
    ])
    expect(run.report.summary).toMatchObject({ waivers: 0, waived: 0 })
  })

  it('silences only the rule it names', async () => {
    const run = await validateDocuments(audit('sandbox', 30, waiver('OMS-CP-005', daysFromToday(30))))

    expect(run.report.problems.map(problem => problem.rule)).toEqual(['OMS-CP-001'])
    expect(run.report.summary).toMatchObject({ waivers: 1, waived: 0 })
  })

  it('silences a repository-wide rule on the document that waives it', async () => {
    const webhook = findRule('OMS-SC-001')!.examples.fail
      .replace('  annotations:\n', `${waiver('OMS-SC-001', daysFromToday(7))}  annotations:\n`)

    const run = await validateDocuments(webhook)

    expect(run.report.problems).toEqual([])
    expect(run.report.summary).toMatchObject({ waivers: 1, waived: 3 })
  })

  it('cannot silence the rules about waivers', async () => {
    const run = await validateDocuments(audit('sandbox', 3000, waiver('OMS-WV-001', daysFromToday(-3))))

    expect(run.report.problems.map(problem => problem.rule)).toEqual(['OMS-WV-001'])
  })
})

describe('project settings', () => {
  it('lowers a severity, turns a rule off and moves a threshold', async () => {
    const settings = `  rules:
    severity:
      OMS-CP-001: warning
      OMS-CP-005: 'off'
    thresholds:
      keyRotationMaxDays: 400
`
    const encryption = findRule('OMS-CP-005')!.examples.fail.replace('keyRotationDays: 365', 'keyRotationDays: 500')

    const run = await validateDocuments(`${audit('platform-audit', 30)}---\n${encryption}`, settings)

    expect(run.report.problems.map(problem => `${problem.rule} ${problem.severity}`)).toEqual([
      'OMS-CP-001 warning', 'OMS-CP-007 error',
    ])
    expect(run.rules.find(entry => entry.rule.id === 'OMS-CP-005')?.severity).toBe('off')
  })

  it('reports key rotation bounds that no period can meet', async () => {
    const settings = '  rules:\n    thresholds:\n      keyRotationMinDays: 3000\n'

    const run = await validateDocuments(audit('platform-audit', 3000), settings)

    expect(run.report.problems).toMatchObject([{
      file: 'omsctl.yaml', line: 16, column: 27, rule: 'rules/threshold-range', severity: 'error',
      message: 'keyRotationMinDays (3000) is above keyRotationMaxDays (2560), so no rotation period can pass',
    }])
  })

  it('reports a setting for a rule that does not exist at its key', async () => {
    const run = await validateDocuments(audit('platform-audit', 3000), '  rules:\n    severity:\n      OMS-CP-010: warning\n')

    expect(run.report.problems).toMatchObject([{
      file: 'omsctl.yaml', line: 16, column: 7, rule: 'rules/unknown-rule', severity: 'error',
    }])
  })
})

describe('the engine', () => {
  it('reports a rule that throws as one problem and still runs every other rule', async () => {
    const boom: Rule = {
      ...findRule('OMS-CP-001')!, id: 'OMS-XX-999', scope: 'target', reads: ['AuditPolicy'],
      check: () => { throw new Error('boom') },
    }
    const files = { 'omsctl.yaml': layered, 'global/audit.yaml': audit('platform-audit', 30) }
    const project = await loadProject('/memory', { source: memorySource(files) })
    const resolver = new Resolver(project)
    const checker = new Checker(resolver)
    const engine = new RuleEngine({
      settings: DEFAULT_SETTINGS, keysOf: kind => resolver.keysOf(kind), rules: [boom, findRule('OMS-CP-001')!],
    })

    const findings = listTargets(project.config)
      .flatMap(target => engine.checkTarget(checker.checkTarget(resolver.instancesOf(target))))

    expect(toProblems(findings, project.locator).map(problem => `${problem.rule} ${problem.message}`)).toEqual([
      'OMS-CP-001 audit logs are kept 30 days; the project requires at least 2555',
      `${INTERNAL_ERROR_RULE} rule OMS-XX-999 failed: boom`,
      'OMS-CP-001 audit logs are kept 30 days; the project requires at least 2555',
      `${INTERNAL_ERROR_RULE} rule OMS-XX-999 failed: boom`,
    ])
    expect([...engine.timings.keys()]).toEqual(['OMS-CP-001', 'OMS-XX-999'])
  })

  it('reports a file rule that throws as one problem of that file and still runs the others', async () => {
    const boom: Rule = {
      ...findRule('OMS-SC-001')!, id: 'OMS-XX-998', scope: 'file',
      check: () => { throw new Error('boom') },
    }
    const engine = new RuleEngine({
      settings: DEFAULT_SETTINGS, keysOf: () => new Map(), rules: [boom, findRule('OMS-SC-001')!],
    })
    const texts = (async function* () {
      yield await Promise.resolve({ file: 'docs/ci.yml', text: 'key: AKIAIOSFODNN7EXAMPLE\n' })
    })()

    const findings = await engine.checkFiles(texts, [])

    expect(findings.map(finding => `${finding.source.file} ${finding.rule} ${finding.message}`)).toEqual([
      `docs/ci.yml ${INTERNAL_ERROR_RULE} rule OMS-XX-998 failed: boom`,
      'docs/ci.yml OMS-SC-001 a literal that looks like an AWS access key id is written here: AKIA... (20 characters)',
    ])
    expect(findings[1]!.position).toEqual({ line: 1, column: 6 })
    expect([...engine.timings.keys()].sort()).toEqual(['OMS-SC-001', 'OMS-XX-998', 'repository scan'])
  })

  it('skips a cross-document rule while a document of a kind it reads fails its schema', async () => {
    const group = findRule('OMS-RB-001')!.examples.fail
    const brokenRole = 'apiVersion: omsctl.dev/v1\nkind: Role\nmetadata:\n  name: order-manger\nspec:\n  permissions: [orders:fly]\n'

    const run = await validateDocuments(`${group}---\n${brokenRole}---\n${audit('platform-audit', 30)}`)

    expect(run.report.problems.map(problem => problem.rule)).toEqual(['schema/enum', 'OMS-CP-001'])
  })

  it('leaves a literal in a secret field to the schema check', async () => {
    const webhook = findRule('OMS-IW-002')!.examples.pass
      .replace('secretRef: env:WEBHOOK_SIGNING_SECRET', 'secretRef: AKIAIOSFODNN7EXAMPLE')

    const run = await validateDocuments(webhook)

    expect(run.report.problems.map(problem => problem.rule)).toEqual(['secret/literal'])
  })
})
