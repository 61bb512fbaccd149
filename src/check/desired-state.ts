import { UserError } from '../errors.js'
import type { LoadedDocument } from '../load/document.js'
import { type LoadedProject, PROJECT_FILE } from '../load/load-project.js'
import type { RawDocument } from '../load/raw-document.js'
import { Resolver } from '../resolve/resolver.js'
import type { Target } from '../resolve/target.js'
import { RuleEngine } from '../rules/engine.js'
import { ruleSettings } from '../rules/settings.js'
import { Checker } from './checker.js'
import { toProblems } from './finding.js'
import { compareProblems } from './problem.js'

/**
 * The checked documents that make up a target's desired state. The same checks as
 * `validate` on that target (schemas, layers, the rule pack) gate it: nothing is planned or
 * applied from a configuration with an error.
 */
export function desiredState(project: LoadedProject, target: Target): LoadedDocument[] {
  const resolver = new Resolver(project)
  const checker = new Checker(resolver)
  const settings = ruleSettings(project.config)
  const engine = new RuleEngine({ settings, keysOf: kind => resolver.keysOf(kind) })
  const checked = checker.checkTarget(resolver.instancesOf(target))
  const projectDocument: RawDocument = {
    source: { file: PROJECT_FILE, index: 0, line: 1 },
    value: project.config as unknown as Record<string, unknown>,
  }
  const findings = [
    ...resolver.findings,
    ...checker.checkUnnamed(),
    ...checked.findings,
    ...engine.checkTarget(checked),
    ...engine.checkRepository([projectDocument, ...project.documents]),
  ]
  const problems = [...project.problems, ...toProblems(findings, project.locator)]
    .sort(compareProblems)
  const errors = problems.filter(problem => problem.severity === 'error')
  const first = errors[0]
  if (first) {
    throw new UserError(
      `${target.name}: the configuration has ${errors.length} error(s); first: `
      + `${first.file}:${first.line}:${first.column} ${first.message} (${first.rule})`,
      { hint: `run \`omsctl validate --target ${target.name}\` to see them all`, code: 'invalid_config' },
    )
  }

  return checked.documents
}
