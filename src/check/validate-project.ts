import { loadProject, type LoadOptions, PROJECT_FILE } from '../load/load-project.js'
import { Resolver } from '../resolve/resolver.js'
import { affectedScope, type Scope, scopeOf } from '../resolve/affected.js'
import { listTargets, parseTarget, type Target } from '../resolve/target.js'
import { Checker } from './checker.js'
import { type Finding, toProblems } from './finding.js'
import { compareProblems, hasErrors, type Problem } from './problem.js'

/** The result of `omsctl validate`; its JSON shape is schemas/validate-output.schema.json. */
export interface ValidationReport {
  valid: boolean
  summary: {
    files: number
    documents: number
    targets: number
    errors: number
    warnings: number
  }
  problems: Problem[]
}

export interface ValidateOptions extends LoadOptions {
  /** Check only these targets (ENV/TENANT); all when absent. */
  targets?: string[]
  /** Check only the targets that files changed since this git revision can affect. */
  changedSince?: string
}

/**
 * Load, resolve every target, check: the whole of `omsctl validate` without any output. A
 * problem that many targets inherit is reported once, at the line that causes it.
 */
export async function validateProject(
  root: string,
  options: ValidateOptions = {},
): Promise<ValidationReport> {
  const scope = await narrowScope(root, options)
  const project = await loadProject(root, { ...options, ...(scope ? { only: scope.reads } : {}) })
  const projectBroken = project.problems.some(problem => problem.file === PROJECT_FILE)
  let targets: Target[] = []
  const findings: Finding[] = []

  if (!projectBroken) {
    const resolver = new Resolver(project)
    const checker = new Checker(resolver)
    findings.push(...resolver.findings, ...checker.checkUnnamed())

    const all = listTargets(project.config)
    targets = scope ? scope.targets : all
    const instanceSets = all.length === 0
      ? [resolver.sharedInstances()]
      : targets.map(target => resolver.instancesOf(target))
    for (const instances of instanceSets) findings.push(...checker.checkTarget(instances).findings)
  }

  const problems = [...project.problems, ...toProblems(unique(findings), project.locator)]
    .sort(compareProblems)
  const valid = !hasErrors(problems)
  if (valid) project.commit()

  const errors = problems.filter(problem => problem.severity === 'error').length
  return {
    valid,
    summary: {
      files: project.files.length + 1,
      documents: project.documents.length,
      targets: targets.length,
      errors,
      warnings: problems.length - errors,
    },
    problems,
  }
}

/** For --target and --changed-since: the targets to check and the files they read. */
async function narrowScope(root: string, options: ValidateOptions): Promise<Scope | undefined> {
  if (!options.targets && !options.changedSince) return undefined

  const head = await loadProject(root, { ...options, only: () => false })
  if (head.problems.length > 0) return undefined

  const { config } = head
  const named = options.targets?.map(name => parseTarget(config, name))
  if (!options.changedSince) return scopeOf(config, named!)

  const { changedFiles } = await import('../git/changed-files.js')
  const affected = affectedScope(config, await changedFiles(root, options.changedSince))
  const targets = named
    ? affected.targets.filter(target => named.some(wanted => wanted.name === target.name))
    : affected.targets
  return scopeOf(config, targets)
}

function unique(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>()
  return findings.filter((finding) => {
    const { file, index } = finding.source
    const key = `${file}#${index}#${finding.pointer}#${finding.rule}#${finding.message}`
    if (seen.has(key)) return false

    seen.add(key)
    return true
  })
}
