import { PROJECT_FILE } from '../load/load-project.js'
import type { Rule } from '../rules/rule.js'
import type { SeveritySetting } from '../rules/settings.js'
import type { CheckResult } from './check-project.js'
import { compareProblems, hasErrors, type Problem } from './problem.js'
import type { ValidationRun } from './validate-project.js'

/** The report of a check, with what CI formats need beside it: problems per target, rules. */
export function validationRun(
  result: CheckResult,
  rules: { rule: Rule, severity: SeveritySetting }[],
  order: readonly string[],
): ValidationRun {
  const located = new Map(result.located)
  const problemsOf = (keys: Iterable<string>): Problem[] =>
    [...new Set(keys)].flatMap(key => located.get(key) ?? []).sort(compareProblems)
  const problems = [...result.loadProblems, ...located.values()].sort(compareProblems)
  const errors = problems.filter(problem => problem.severity === 'error').length
  const known = new Set(order)

  return {
    report: {
      valid: !hasErrors(problems),
      summary: {
        files: result.files.length + 1,
        documents: result.files.reduce((sum, [, count]) => sum + count, 0),
        // a project without targets is checked as one pseudo-target, which is not counted
        targets: result.targets.filter(target => known.has(target.name)).length,
        errors,
        warnings: problems.length - errors,
        waivers: new Set(result.waivers).size,
        waived: new Set(result.waived).size,
      },
      problems,
      // the caller reads git beside the run
      revision: { commit: null, uncommitted: [] },
    },
    targets: result.targets.map(({ name, keys }) => ({ name, problems: problemsOf(keys) })),
    repository: [...result.loadProblems, ...problemsOf(result.shared)].sort(compareProblems),
    rules,
    ruleTimings: new Map(result.timings),
    files: [PROJECT_FILE, ...result.files.map(([file]) => file)],
  }
}
