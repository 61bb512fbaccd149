/**
 * JUnit XML (the Jenkins/Ant dialect CI dashboards read), written with junit-report-builder:
 * one test suite per target, one test case per rule of the pack that ran on it. Errors fail
 * the case; warnings leave it passing and are listed in its output. Checks outside the pack
 * (schema, codes, names, layers) are one more case per suite, and problems that belong to no
 * single target (files, the project file, repository-wide rules) form the suite "repository".
 */
import type { Builder, TestSuite } from 'junit-report-builder'
import junitModule from 'junit-report-builder'

import type { Problem } from '../check/problem.js'
import type { ValidationRun } from '../check/validate-project.js'
import { isRepositoryWide, type Rule } from '../rules/rule.js'

/** The package's types declare an ES default export; at run time it is module.exports itself. */
const junit = junitModule as unknown as Builder

const DOCUMENT_CHECKS = 'document checks (schema, codes, names, layers)'
const FILE_CHECKS = 'file checks (YAML, project file, layers)'

export function renderJunit(run: ValidationRun): string {
  const builder = junit.newBuilder()
  const active = run.rules.flatMap(({ rule, severity }) => (severity === 'off' ? [] : [rule]))
  const perTarget = active.filter(rule => !isRepositoryWide(rule))
  const repositoryWide = active.filter(isRepositoryWide)

  for (const target of run.targets) {
    addSuite(builder, target.name, perTarget, target.problems, DOCUMENT_CHECKS)
  }

  addSuite(builder, 'repository', repositoryWide, run.repository, FILE_CHECKS)

  // Jenkins' schema (junit-10.xsd) has no `skipped` on <testsuites>; nothing is skipped here.
  return builder.build().replace(/^(<testsuites\b[^>]*?) skipped="0"/m, '$1')
}

function addSuite(
  builder: Builder,
  name: string,
  rules: readonly Rule[],
  problems: readonly Problem[],
  otherChecks: string,
): void {
  const suite = builder.testSuite().name(name)
  const byRule = new Map<string, Problem[]>()
  for (const problem of problems) {
    const list = byRule.get(problem.rule)
    if (list) list.push(problem)
    else byRule.set(problem.rule, [problem])
  }

  for (const rule of rules) {
    addCase(suite, name, `${rule.id} ${rule.title}`, rule.id, byRule.get(rule.id) ?? [])
    byRule.delete(rule.id)
  }

  addCase(suite, name, otherChecks, 'omsctl', [...byRule.values()].flat())
}

function addCase(
  suite: TestSuite,
  target: string,
  name: string,
  type: string,
  problems: readonly Problem[],
): void {
  const testCase = suite.testCase().className(`omsctl.${target}`).name(name)
  if (problems.length === 0) return

  const errors = problems.filter(problem => problem.severity === 'error')
  const listing = problems.map(plain).join('\n')
  if (errors.length === 0) {
    testCase.standardOutput(listing)
    return
  }

  const first = errors[0]!
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''
  testCase.failure(`${first.file}:${first.line}:${first.column} ${first.message}${more}`, type)
  testCase.stacktrace(listing)
}

/** Without colour: CI viewers show the XML's text as it is. */
function plain(problem: Problem): string {
  const where = problem.line > 0 ? `${problem.file}:${problem.line}:${problem.column}` : problem.file
  const line = `${where} ${problem.severity} ${problem.message} (${problem.rule})`
  return problem.hint ? `${line}\n    hint: ${problem.hint}` : line
}
