import { loadProject, type LoadOptions, PROJECT_FILE } from '../load/load-project.js'
import type { RawDocument } from '../load/raw-document.js'
import { Resolver } from '../resolve/resolver.js'
import { listTargets } from '../resolve/target.js'
import { RuleEngine } from '../rules/engine.js'
import { RULES } from '../rules/registry.js'
import { repositoryTexts } from '../rules/repository-files.js'
import { settingsFindings } from '../rules/settings-check.js'
import { effectiveSeverity, ruleSettings } from '../rules/settings.js'
import { Checker } from './checker.js'
import { type Finding, toProblems } from './finding.js'
import { compareProblems, hasErrors, type Problem } from './problem.js'
import type { ValidationRun } from './validate-project.js'

export interface CheckOptions extends LoadOptions {
  /** The targets to check; every target of the project when absent. */
  targets?: readonly string[]
  /** Whether the file rules also read the YAML files outside the layer folders (full runs). */
  everywhere?: boolean
}

export interface CheckedProject {
  run: ValidationRun
  /** Stores the parse cache: only once the run is known to be clean. */
  commit(): void
}

/** Load, resolve, check and run the rules for some targets, or all of them. */
export async function checkProject(root: string, options: CheckOptions): Promise<CheckedProject> {
  const project = await loadProject(root, options)
  const projectBroken = project.problems.some(problem => problem.file === PROJECT_FILE)
  const shared: Finding[] = []
  const perTarget: { name: string, findings: Finding[] }[] = []
  let engine: RuleEngine | undefined
  let checkedTargets = 0

  if (!projectBroken) {
    const settings = ruleSettings(project.config)
    const resolver = new Resolver(project)
    const checker = new Checker(resolver)
    engine = new RuleEngine({ settings, keysOf: kind => resolver.keysOf(kind) })
    const projectDocument: RawDocument = {
      source: { file: PROJECT_FILE, index: 0, line: 1 },
      value: project.config as unknown as Record<string, unknown>,
    }
    const parsed = [projectDocument, ...project.documents]
    shared.push(
      ...resolver.findings, ...checker.checkUnnamed(),
      ...settingsFindings(project.config, new Set(RULES.map(rule => rule.id))),
      ...engine.checkRepository(parsed),
      ...await engine.checkFiles(repositoryTexts(project, options.everywhere ?? false), parsed),
    )

    const all = listTargets(project.config)
    const wanted = options.targets === undefined ? undefined : new Set(options.targets)
    const targets = all.filter(target => wanted?.has(target.name) ?? true)
    checkedTargets = targets.length
    // a project without targets is checked as one pseudo-target, which is not counted
    const instanceSets = all.length === 0
      ? [{ name: 'shared', instances: resolver.sharedInstances() }]
      : targets.map(target => ({ name: target.name, instances: resolver.instancesOf(target) }))
    for (const { name, instances } of instanceSets) {
      const checked = checker.checkTarget(instances)
      perTarget.push({ name, findings: [...checked.findings, ...engine.checkTarget(checked)] })
    }
  }

  // each problem once, at its source line
  const findings = [...shared, ...perTarget.flatMap(target => target.findings)]
  const secretLiterals = findings.filter(finding => finding.rule === 'secret/literal')
  const keyed = new Map<string, Finding>()
  for (const finding of findings) {
    const key = findingKey(finding)
    if (keyed.has(key) || supersededBySecretLiteral(finding, secretLiterals)) continue
    keyed.set(key, finding)
  }

  const located = toProblems([...keyed.values()], project.locator)
  const problemOf = new Map([...keyed.keys()].map((key, index) => [key, located[index]!]))
  const problemsOf = (findings: readonly Finding[]): Problem[] =>
    [...new Set(findings.map(findingKey))].flatMap(key => problemOf.get(key) ?? [])
      .sort(compareProblems)

  const problems = [...project.problems, ...located].sort(compareProblems)
  const errors = problems.filter(problem => problem.severity === 'error').length
  const settings = ruleSettings(projectBroken ? undefined : project.config)
  const run: ValidationRun = {
    report: {
      valid: !hasErrors(problems),
      summary: {
        files: project.files.length + 1,
        documents: project.documents.length,
        targets: checkedTargets,
        errors,
        warnings: problems.length - errors,
        waivers: engine?.activeWaiverCount ?? 0,
        waived: new Set((engine?.waived ?? []).map(findingKey)).size,
      },
      problems,
      // the caller reads git beside the run
      revision: { commit: null, uncommitted: [] },
    },
    targets: perTarget.map(({ name, findings }) => ({ name, problems: problemsOf(findings) })),
    repository: [...project.problems, ...problemsOf(shared)].sort(compareProblems),
    rules: RULES.map(rule => ({ rule, severity: effectiveSeverity(settings, rule) })),
    ruleTimings: engine?.timings ?? new Map(),
    files: [PROJECT_FILE, ...project.files],
  }

  return { run, commit: () => project.commit() }
}

/** Findings at the same value, from the same rule, with the same message are one problem. */
function findingKey(finding: Finding): string {
  const { file, index } = finding.source
  const at = finding.position ? `${finding.position.line}:${finding.position.column}` : ''
  return `${file}#${index}#${finding.pointer}#${at}#${finding.rule}#${finding.message}`
}

/**
 * A literal in a secret field is already a schema problem (secret/literal); the credential
 * rules would only say it again at the same place.
 */
function supersededBySecretLiteral(finding: Finding, literals: readonly Finding[]): boolean {
  if (!finding.rule.startsWith('OMS-SC-')) return false

  return literals.some(literal => literal.source.file === finding.source.file
    && literal.source.index === finding.source.index
    && (finding.pointer === literal.pointer || finding.pointer.startsWith(`${literal.pointer}/`)))
}
