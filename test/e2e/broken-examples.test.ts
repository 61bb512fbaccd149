import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

import type { ValidationReport } from '../../src/check/validate-project.js'
import { json, omsctl, repoRoot } from './cli.js'

const brokenDir = join(repoRoot, 'examples', 'broken')
const cases = readdirSync(brokenDir, { withFileTypes: true })
  .filter(entry => entry.isDirectory())
  .map(entry => entry.name)

/** `file:line:col rule`, one per line, `#` comments allowed. */
function expectedProblems(dir: string): string[] {
  return readFileSync(join(dir, 'expected-problems.txt'), 'utf8').split('\n')
    .map(line => line.trim()).filter(line => line !== '' && !line.startsWith('#'))
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
    const found = report.problems.map(problem => `${problem.file}:${problem.line}:${problem.column} ${problem.rule}`)
    expect(found).toEqual(expectedProblems(dir))
  })
})
