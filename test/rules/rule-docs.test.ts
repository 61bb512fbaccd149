import { describe, expect, it } from 'vitest'

import { RULES } from '../../src/rules/registry.js'
import { validateDocuments } from './memory-project.js'

/** The 1-based lines a failing example marks with `# <-`. */
function markedLines(example: string): number[] {
  return example.split('\n').flatMap((line, index) => (line.includes('# <-') ? [index + 1] : []))
}

describe.each(RULES.map(rule => [rule.id, rule] as const))('%s documentation', (id, rule) => {
  it('has a title, a paragraph and examples', () => {
    expect(rule.title.length).toBeGreaterThan(10)
    expect(rule.title).not.toMatch(/\.$/)
    expect(rule.description.length).toBeGreaterThan(80)
    expect(markedLines(rule.examples.fail).length).toBeGreaterThan(0)
    expect(markedLines(rule.examples.pass)).toEqual([])
  })

  it('passes its passing example', async () => {
    const run = await validateDocuments(rule.examples.pass)

    const other = run.report.problems.filter(problem => !problem.rule.startsWith('OMS-'))
    expect(other).toEqual([])
    expect(run.report.problems.filter(problem => problem.rule === id)).toEqual([])
  })

  it('reports its failing example on exactly the marked lines', async () => {
    const run = await validateDocuments(rule.examples.fail)

    const other = run.report.problems.filter(problem => !problem.rule.startsWith('OMS-'))
    expect(other).toEqual([])
    const own = run.report.problems.filter(problem => problem.rule === id)
    expect(own.map(problem => problem.line)).toEqual(markedLines(rule.examples.fail))
    expect(own.every(problem => problem.file === 'settings/example.yaml')).toBe(true)
    expect(own.every(problem => problem.severity === rule.severity)).toBe(true)
  })
})

describe('the rule registry', () => {
  it('has unique, well-formed ids in group order', () => {
    const ids = RULES.map(rule => rule.id)

    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(/^OMS-[A-Z]{2,5}-\d{3}$/)
  })
})
