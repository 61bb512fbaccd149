import { statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { schemaDigest } from '../generated/validators.js'
import { loadProject, type LoadOptions, PROJECT_FILE } from '../load/load-project.js'
import type { RawDocument } from '../load/raw-document.js'
import { Resolver } from '../resolve/resolver.js'
import { affectedScope, type Scope, scopeOf } from '../resolve/affected.js'
import { listTargets, parseTarget, type Target } from '../resolve/target.js'
import { RuleEngine } from '../rules/engine.js'
import { RULES } from '../rules/registry.js'
import { repositoryFiles, repositoryTexts } from '../rules/repository-files.js'
import type { Rule } from '../rules/rule.js'
import { settingsFindings } from '../rules/settings-check.js'
import { effectiveSeverity, ruleSettings, type SeveritySetting } from '../rules/settings.js'
import { Checker } from './checker.js'
import { type Finding, toProblems } from './finding.js'
import { compareProblems, hasErrors, type Problem } from './problem.js'
import { ReportCache } from './report-cache.js'

/** The result of `omsctl validate`; its JSON shape is schemas/validate-output.schema.json. */
export interface ValidationReport {
  valid: boolean
  summary: {
    files: number
    documents: number
    targets: number
    errors: number
    warnings: number
    /** Waivers in force (known rule, not expired) on the checked documents. */
    waivers: number
    /** Problems that those waivers silenced. */
    waived: number
  }
  problems: Problem[]
}

/** What CI formats need beyond the report: which target has which problem, which rules ran. */
export interface ValidationRun {
  report: ValidationReport
  /** Each checked target with the problems of its desired state (shared ones included). */
  targets: { name: string, problems: Problem[] }[]
  /** Problems of no one target: files, the project file, layering, repository-wide rules. */
  repository: Problem[]
  /** Every rule of the pack with the severity the project gives it ('off' did not run). */
  rules: { rule: Rule, severity: SeveritySetting }[]
  /** Milliseconds each rule took over all targets, for `npm run bench`. */
  ruleTimings: ReadonlyMap<string, number>
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
  return (await validateProjectRun(root, options)).report
}

export async function validateProjectRun(
  root: string,
  options: ValidateOptions = {},
): Promise<ValidationRun> {
  const reuse = await storedRun(root, options)
  if (reuse?.run) return reuse.run

  const run = await fullRun(root, options)
  if (run.report.valid && reuse?.key) {
    const { report, targets, repository } = run
    new ReportCache(root).write({ key: reuse.key, report, targets, repository })
  }

  return run
}

/**
 * The last clean run's answer when nothing it read has changed. Runs narrowed by
 * --changed-since depend on git as well, and are never reused.
 */
async function storedRun(
  root: string,
  options: ValidateOptions,
): Promise<{ key?: string, run?: ValidationRun } | undefined> {
  if (!options.cache || options.changedSince !== undefined || options.source) return undefined

  // every listed file is part of the key: a new or deleted file makes another run
  const head = await loadProject(root, { ...options, only: () => false })
  if (head.problems.length > 0) return undefined

  const inputs = JSON.stringify({
    omsctl: options.version ?? '',
    build: statSync(fileURLToPath(import.meta.url)).mtimeMs,
    schemas: schemaDigest,
    targets: options.targets ?? null,
    // waivers expire by the day
    today: new Date().toISOString().slice(0, 10),
  })
  // the credential scan reads YAML files outside the layers as well
  const files = await repositoryFiles(head.source, head.listed, true)
  const key = ReportCache.key(root, files, inputs)
  const stored = key === undefined ? undefined : new ReportCache(root).read(key)
  if (!key || !stored) return { ...(key ? { key } : {}) }

  const settings = ruleSettings(head.config)
  return {
    key,
    run: {
      report: stored.report as ValidationReport,
      targets: stored.targets,
      repository: stored.repository,
      rules: RULES.map(rule => ({ rule, severity: effectiveSeverity(settings, rule) })),
      ruleTimings: new Map(),
    },
  }
}

async function fullRun(root: string, options: ValidateOptions): Promise<ValidationRun> {
  const scope = await narrowScope(root, options)
  const project = await loadProject(root, {
    ...options,
    ...(scope ? { only: scope.reads, folders: scope.folders } : {}),
  })
  const projectBroken = project.problems.some(problem => problem.file === PROJECT_FILE)
  const settings = ruleSettings(projectBroken ? undefined : project.config)
  let targets: Target[] = []
  const shared: Finding[] = []
  const perTarget: { name: string, findings: Finding[] }[] = []
  let engine: RuleEngine | undefined

  if (!projectBroken) {
    const resolver = new Resolver(project)
    const checker = new Checker(resolver)
    engine = new RuleEngine({ settings, keysOf: kind => resolver.keysOf(kind) })
    const projectDocument: RawDocument = {
      source: { file: PROJECT_FILE, index: 0, line: 1 },
      value: project.config as unknown as Record<string, unknown>,
    }
    const parsed = [projectDocument, ...project.documents]
    const texts = repositoryTexts(project.source, project.listed, scope === undefined)
    shared.push(
      ...resolver.findings, ...checker.checkUnnamed(),
      ...settingsFindings(project.config, new Set(RULES.map(rule => rule.id))),
      ...engine.checkRepository(parsed),
      ...await engine.checkFiles(texts, parsed),
    )

    const all = listTargets(project.config)
    targets = scope ? scope.targets : all
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
  const valid = !hasErrors(problems)
  if (valid) project.commit()

  const errors = problems.filter(problem => problem.severity === 'error').length
  const waived = new Set((engine?.waived ?? []).map(findingKey)).size
  const report: ValidationReport = {
    valid,
    summary: {
      files: project.files.length + 1,
      documents: project.documents.length,
      targets: targets.length,
      errors,
      warnings: problems.length - errors,
      waivers: engine?.activeWaiverCount ?? 0,
      waived,
    },
    problems,
  }

  return {
    report,
    targets: perTarget.map(({ name, findings }) => ({ name, problems: problemsOf(findings) })),
    repository: [...project.problems, ...problemsOf(shared)].sort(compareProblems),
    rules: RULES.map(rule => ({ rule, severity: effectiveSeverity(settings, rule) })),
    ruleTimings: engine?.timings ?? new Map(),
  }
}

/** For --target and --changed-since: the targets to check and the files they read. */
async function narrowScope(root: string, options: ValidateOptions): Promise<Scope | undefined> {
  if (!options.targets && !options.changedSince) return undefined

  // the project file alone: the scope decides which folders to list
  const head = await loadProject(root, { ...options, only: () => false, folders: [] })
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
