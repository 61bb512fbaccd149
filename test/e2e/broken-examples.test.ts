import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

import type { ValidationReport } from '../../src/check/validate-project.js'
import { MAX_FILE_BYTES } from '../../src/load/decode.js'
import { json, omsctl, repoRoot } from './cli.js'

const brokenDir = join(repoRoot, 'examples', 'broken')
const cases = readdirSync(brokenDir, { withFileTypes: true })
  .filter(entry => entry.isDirectory())
  .map(entry => entry.name)

interface Expected {
  at: string
  /** Text the message must contain, when the rule alone does not say enough. */
  says?: string
}

/** `file:line:col rule`, optionally `-- text the message contains`; `#` comments allowed. */
function expectedProblems(dir: string): Expected[] {
  return readFileSync(join(dir, 'expected-problems.txt'), 'utf8').split('\n')
    .map(line => line.trim()).filter(line => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [, at = line, says] = /^(\S+ \S+)(?: -- (.*))?$/.exec(line) ?? []
      return says === undefined ? { at } : { at, says }
    })
}

describe('examples/broken', () => {
  it('has a case for every class of mistake', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15)
  })

  it.each(cases)('%s reports exactly its expected problems', async (name) => {
    const dir = join(brokenDir, name)

    const result = await omsctl(['validate', dir, '--json', '--no-cache'])

    expect(result.exitCode).toBe(1)
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/)
    const report = json<ValidationReport>(result)
    const expected = expectedProblems(dir)
    const found = report.problems.map((problem, index) => {
      const at = `${problem.file}:${problem.line}:${problem.column} ${problem.rule}`
      const says = expected[index]?.says
      if (says === undefined) return { at }

      return { at, says: problem.message.includes(says) ? says : problem.message }
    })
    expect(found).toEqual(expected)
  })

  it('refuses a file over the size limit (generated: too big to commit)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'omsctl-broken-'))
    cpSync(join(brokenDir, 'missing-kind', 'omsctl.yaml'), join(dir, 'omsctl.yaml'))
    mkdirSync(join(dir, 'settings'))
    const document = readFileSync(join(brokenDir, 'wrong-api-version', 'settings', 'roles.yaml'), 'utf8')
      .replace('omsctl.dev/v2', 'omsctl.dev/v1')
    const padding = `# ${'x'.repeat(98)}\n`.repeat(Math.ceil((MAX_FILE_BYTES + 1) / 101))
    writeFileSync(join(dir, 'settings', 'roles.yaml'), document + padding)

    const result = await omsctl(['validate', dir, '--json'])

    expect(result.exitCode).toBe(1)
    const { problems } = json<ValidationReport>(result)
    expect(problems.map(problem => [problem.file, problem.rule, problem.hint])).toEqual([
      ['settings/roles.yaml', 'file/too-large', 'split the documents over several files'],
    ])
    expect(problems[0]?.message).toContain(`over the limit of ${MAX_FILE_BYTES} bytes`)
    expect(existsSync(join(dir, '.omsctl'))).toBe(false)
  })
})
