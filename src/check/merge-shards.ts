import { PROJECT_FILE } from '../load/load-project.js'
import type { Rule } from '../rules/rule.js'
import type { SeveritySetting } from '../rules/settings.js'
import { compareProblems, hasErrors, type Problem } from './problem.js'
import type { ShardResult } from './validate-shard.js'
import type { ValidationRun } from './validate-project.js'

/**
 * The run that the shards make together. Shards that read one shared layer found the same
 * problems there under the same keys, so every count is taken over distinct keys: the
 * outcome is the same however the run was split, a single shard included.
 */
export function mergeShards(
  shards: readonly ShardResult[],
  rules: { rule: Rule, severity: SeveritySetting }[],
  order: readonly string[],
): ValidationRun {
  const located = new Map<string, Problem>()
  const loading = new Map<string, Problem>()
  const files = new Map<string, number>()
  const timings = new Map<string, number>()
  for (const shard of shards) {
    for (const [key, problem] of shard.located) if (!located.has(key)) located.set(key, problem)
    for (const problem of shard.loadProblems) loading.set(problemKey(problem), problem)
    for (const [file, documents] of shard.files) files.set(file, documents)
    for (const [id, ms] of shard.timings) timings.set(id, (timings.get(id) ?? 0) + ms)
  }

  const problemsOf = (keys: Iterable<string>): Problem[] =>
    [...new Set(keys)].flatMap(key => located.get(key) ?? []).sort(compareProblems)
  const loadProblems = [...loading.values()]
  const problems = [...loadProblems, ...located.values()].sort(compareProblems)
  const errors = problems.filter(problem => problem.severity === 'error').length
  const rank = new Map(order.map((name, index) => [name, index]))
  const targets = shards.flatMap(shard => shard.targets)
    .sort((a, b) => (rank.get(a.name) ?? -1) - (rank.get(b.name) ?? -1))

  return {
    report: {
      valid: !hasErrors(problems),
      summary: {
        files: files.size + 1,
        documents: [...files.values()].reduce((sum, count) => sum + count, 0),
        // a project without targets is checked as one pseudo-target, which is not counted
        targets: targets.filter(target => rank.has(target.name)).length,
        errors,
        warnings: problems.length - errors,
        waivers: distinct(shards.flatMap(shard => shard.waivers)),
        waived: distinct(shards.flatMap(shard => shard.waived)),
      },
      problems,
      // the caller reads git beside the run
      revision: { commit: null, uncommitted: [] },
    },
    targets: targets.map(({ name, keys }) => ({ name, problems: problemsOf(keys) })),
    repository: [...loadProblems, ...problemsOf(shards.flatMap(shard => shard.shared))]
      .sort(compareProblems),
    rules,
    ruleTimings: timings,
    files: [PROJECT_FILE, ...[...files.keys()].sort()],
  }
}

function problemKey(problem: Problem): string {
  return `${problem.file}#${problem.line}#${problem.column}#${problem.rule}#${problem.message}`
}

function distinct(keys: readonly string[]): number {
  return new Set(keys).size
}
