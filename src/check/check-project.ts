import { loadProject, type LoadOptions, PROJECT_FILE } from '../load/load-project.js'
import type { RawDocument } from '../load/raw-document.js'
import { Resolver } from '../resolve/resolver.js'
import { listTargets } from '../resolve/target.js'
import { RuleEngine } from '../rules/engine.js'
import { RULES } from '../rules/registry.js'
import { repositoryTexts } from '../rules/repository-files.js'
import { settingsFindings } from '../rules/settings-check.js'
import { ruleSettings } from '../rules/settings.js'
import { Checker } from './checker.js'
import { type Finding, toProblems } from './finding.js'
import type { Problem } from './problem.js'

/**
 * What checking a project found, each finding once under its key: a problem that many
 * targets inherit is one problem, which every one of those targets lists.
 */
export interface CheckResult {
  /** Problems of loading: syntax, hostile input, the project file. */
  loadProblems: Problem[]
  /** Each distinct finding once, located: [finding key, problem]. */
  located: [string, Problem][]
  /** Keys of the findings of no one target: files, layering, repository-wide rules. */
  shared: string[]
  /** Each checked target with the keys of its findings, shared ones included. */
  targets: { name: string, keys: string[] }[]
  /** Every file read, with the number of documents it holds. */
  files: [string, number][]
  /** Waivers in force, by place. */
  waivers: string[]
  /** Keys of the findings that those waivers silenced. */
  waived: string[]
  /** Milliseconds per rule over the checked targets. */
  timings: [string, number][]
}

export interface CheckOptions extends LoadOptions {
  /** The targets to check; every target of the project when absent. */
  targets?: readonly string[]
  /** Whether the file rules also read the YAML files outside the layer folders (full runs). */
  everywhere?: boolean
}

export interface CheckedProject {
  result: CheckResult
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
    const instanceSets = all.length === 0
      ? [{ name: 'shared', instances: resolver.sharedInstances() }]
      : all.filter(target => wanted?.has(target.name) ?? true)
          .map(target => ({ name: target.name, instances: resolver.instancesOf(target) }))
    for (const { name, instances } of instanceSets) {
      const checked = checker.checkTarget(instances)
      perTarget.push({ name, findings: [...checked.findings, ...engine.checkTarget(checked)] })
    }
  }

  // each finding once, under its key
  const secretLiterals = [...shared, ...perTarget.flatMap(target => target.findings)]
    .filter(finding => finding.rule === 'secret/literal')
  const keyed = new Map<string, Finding>()
  const keysOf = (findings: readonly Finding[]): string[] => findings.flatMap((finding) => {
    if (supersededBySecretLiteral(finding, secretLiterals)) return []

    const key = findingKey(finding)
    if (!keyed.has(key)) keyed.set(key, finding)
    return [key]
  })
  const sharedKeys = keysOf(shared)
  const targets = perTarget.map(({ name, findings }) => ({ name, keys: keysOf(findings) }))
  const located = toProblems([...keyed.values()], project.locator)

  const documents = new Map<string, number>(project.files.map(file => [file, 0]))
  for (const { source } of project.documents) {
    documents.set(source.file, (documents.get(source.file) ?? 0) + 1)
  }

  return {
    result: {
      loadProblems: project.problems,
      located: [...keyed.keys()].map((key, index) => [key, located[index]!]),
      shared: sharedKeys,
      targets,
      files: [...documents],
      waivers: engine?.activeWaiverKeys ?? [],
      waived: (engine?.waived ?? []).map(findingKey),
      timings: [...engine?.timings ?? []],
    },
    commit: () => project.commit(),
  }
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
