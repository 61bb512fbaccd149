// OMS-SC-001 reads the raw text of every YAML file: comments, keys, files outside the layers.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

import type { Problem } from '../../src/check/problem.js'
import { validateProjectRun } from '../../src/check/validate-project.js'
import { findRule } from '../../src/rules/registry.js'
import { projectFile, validateDocuments, validateFiles } from './memory-project.js'

// Built from parts so that secret scanners do not flag this file itself.
const AWS_KEY = ['AKIA', 'IOSFODNN7EXAMPLE'].join('')
const OTHER_AWS_KEY = ['AKIA', 'I44QH8DHBEXAMPLE'].join('')
const GITHUB_TOKEN = ['ghp', '_', 'Zt5Wq8Lm2Nc7Vb4Xr1Ks9Dp3Hf6Jg0Ay5EuTo'].join('')

const WEBHOOK = findRule('OMS-SC-001')!.examples.pass

/** `file:line:col` of each OMS-SC-001 problem, with its pointer when it has one. */
function places(problems: readonly Problem[]): string[] {
  return problems.filter(problem => problem.rule === 'OMS-SC-001')
    .map(problem => `${problem.file}:${problem.line}:${problem.column}${problem.pointer ? ` ${problem.pointer}` : ''}`)
}

describe('OMS-SC-001 on raw text', () => {
  it('reports a credential in a value, a key and a comment at its exact line and column', async () => {
    const documents = WEBHOOK
      .replace('    runbook:', `    note: "rotated ${AWS_KEY} today"\n    ${OTHER_AWS_KEY}: revoked\n    runbook:`)
      .replace('  active: true\n', `  active: true  # ci uses ${GITHUB_TOKEN}\n`)

    const run = await validateDocuments(documents)

    expect(places(run.report.problems)).toEqual([
      'settings/example.yaml:6:20 /metadata/annotations/note',
      'settings/example.yaml:7:5',
      'settings/example.yaml:14:27',
    ])
  })

  it('masks the value in every message and keeps keys that are credentials out of pointers', async () => {
    const documents = WEBHOOK.replace('    runbook:', `    ${OTHER_AWS_KEY}: "${AWS_KEY}"\n    runbook:`)

    const run = await validateDocuments(documents)

    const own = run.report.problems.filter(problem => problem.rule === 'OMS-SC-001')
    expect(own.map(problem => problem.message)).toEqual([
      'a literal that looks like an AWS access key id is written here: AKIA... (20 characters)',
      'a literal that looks like an AWS access key id is written here: AKIA... (20 characters)',
    ])
    expect(own.map(problem => problem.pointer)).toEqual([undefined, undefined])
    const output = JSON.stringify(run.report)
    expect(output).not.toContain(AWS_KEY)
    expect(output).not.toContain(OTHER_AWS_KEY)
  })

  it('reports two credentials on one line as two problems', async () => {
    const run = await validateDocuments(`# old keys: ${AWS_KEY} ${OTHER_AWS_KEY}\n${WEBHOOK}`)

    expect(places(run.report.problems)).toEqual(['settings/example.yaml:1:13', 'settings/example.yaml:1:34'])
  })

  it('reads the project file and YAML files outside the layers, even unparsable ones', async () => {
    const run = await validateFiles({
      'omsctl.yaml': `# bootstrap: ${GITHUB_TOKEN}\n${projectFile()}`,
      'settings/example.yaml': WEBHOOK,
      'docs/ci.yml': `steps:\n  - run: deploy --key=${AWS_KEY}\n`,
      'notes/broken.yaml': `key: [unclosed\n  ${AWS_KEY}\n`,
    })

    expect(places(run.report.problems)).toEqual([
      'docs/ci.yml:2:23 /steps/0/run',
      'notes/broken.yaml:2:3',
      'omsctl.yaml:1:14',
    ])
    expect(run.report.problems.filter(problem => problem.rule !== 'OMS-SC-001')).toEqual([])
  })

  it('reads only the files it lists in a run narrowed to a target', async () => {
    const layered = projectFile().replace('  documents: [settings]', '  layers: [\'tenants/{tenant}\']')
      .replace('    - name: acme\n      region: eu\n', '    - {name: acme, region: eu}\n    - {name: beta, region: eu}\n')
    const files = {
      'omsctl.yaml': layered,
      'tenants/acme/hooks.yaml': WEBHOOK,
      'tenants/beta/hooks.yaml': `# ${AWS_KEY}\n${WEBHOOK}`,
      'docs/ci.yml': `token: ${GITHUB_TOKEN}\n`,
    }

    const narrowed = await validateFiles(files, { targets: ['prod/acme'] })
    const full = await validateFiles(files)

    expect(narrowed.report.problems).toEqual([])
    expect(places(full.report.problems)).toEqual(['docs/ci.yml:1:8 /token', 'tenants/beta/hooks.yaml:1:3'])
  })

  it('leaves a literal in a secret field to secret/literal', async () => {
    const documents = WEBHOOK.replace('  signingSecret:\n    secretRef: env:WEBHOOK_SIGNING_SECRET\n',
      `  signingSecret: ${AWS_KEY}\n`)

    const run = await validateDocuments(documents)

    expect(run.report.problems.map(problem => `${problem.line}:${problem.column} ${problem.rule}`))
      .toEqual(['10:18 secret/literal'])
  })

  it('lets the document around a comment waive it, and nothing outside documents', async () => {
    const waiver = `  waivers:\n    - {rule: OMS-SC-001, reason: revoked key kept as an example, expires: '2999-01-01'}\n`
    const documents = `# before any document: ${AWS_KEY}\n${WEBHOOK
      .replace('  annotations:\n', `${waiver}  annotations:\n`)
      .replace('  active: true\n', `  active: true  # ${GITHUB_TOKEN}\n`)}`

    const run = await validateDocuments(documents)

    expect(places(run.report.problems)).toEqual(['settings/example.yaml:1:24'])
    expect(run.report.summary).toMatchObject({ waivers: 1, waived: 1 })
  })
})

describe('the report cache', () => {
  it('runs again when a YAML file outside the layers changes', async () => {
    const root = mkdtempSync(join(tmpdir(), 'omsctl-credential-scan-'))
    mkdirSync(join(root, 'settings'))
    mkdirSync(join(root, 'docs'))
    writeFileSync(join(root, 'omsctl.yaml'), projectFile())
    writeFileSync(join(root, 'settings', 'example.yaml'), WEBHOOK)

    const clean = await validateProjectRun(root, { cache: true })
    writeFileSync(join(root, 'docs', 'ci.yml'), `token: ${GITHUB_TOKEN}\n`)
    const dirty = await validateProjectRun(root, { cache: true })

    expect(clean.report.valid).toBe(true)
    expect(places(dirty.report.problems)).toEqual(['docs/ci.yml:1:8 /token'])
  })
})
