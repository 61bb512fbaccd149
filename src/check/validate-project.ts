import { statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { schemaDigest } from '../generated/validators.js'
import { loadProject, type LoadOptions } from '../load/load-project.js'
import { describeRevision, type Revision } from '../git/revision.js'
import { affectedScope, type Scope, scopeOf } from '../resolve/affected.js'
import { parseTarget } from '../resolve/target.js'
import { RULES } from '../rules/registry.js'
import { repositoryFiles } from '../rules/repository-files.js'
import type { Rule } from '../rules/rule.js'
import { effectiveSeverity, ruleSettings, type SeveritySetting } from '../rules/settings.js'
import type { Problem } from './problem.js'
import { ReportCache } from './report-cache.js'
import { checkProject } from './check-project.js'

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
  /** The commit the run saw, and which of the files it read differ from it. */
  revision: RunRevision
}

export interface RunRevision {
  /** Full commit id; null outside git or before the first commit. */
  commit: string | null
  /** Files the run read (omsctl.yaml included) with changes not committed, sorted. */
  uncommitted: string[]
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
  /** The files the run read, omsctl.yaml included. */
  files: string[]
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
  // git runs in its own processes while the project loads; a file source has no working tree
  const revisionRead = options.source
    ? Promise.resolve(undefined)
    : describeRevision(root).catch(() => undefined)
  const reuse = await storedRun(root, options)
  const run = reuse?.run ?? await fullRun(root, options)
  if (!reuse?.run && run.report.valid && reuse?.key) {
    // the commit is not an input of the checks: it is read afresh on every run
    const { report: { revision: _, ...report }, targets, repository, files } = run
    new ReportCache(root).write({ key: reuse.key, report, targets, repository, files })
  }

  run.report.revision = runRevision(await revisionRead, run.files)
  return run
}

function runRevision(revision: Revision | undefined, files: readonly string[]): RunRevision {
  const read = new Set(files)
  return {
    commit: revision?.commit ?? null,
    uncommitted: (revision?.dirtyFiles ?? []).filter(file => read.has(file)),
  }
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
  // (without the parse cache: reading it costs more than the whole answer from this one)
  const head = await loadProject(root, { ...options, cache: false, only: () => false })
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
      files: stored.files,
    },
  }
}

async function fullRun(root: string, options: ValidateOptions): Promise<ValidationRun> {
  const scope = await narrowScope(root, options)
  const checked = await checkProject(root, {
    ...options,
    everywhere: scope === undefined,
    ...(scope ? narrowed(scope) : {}),
  })
  if (checked.run.report.valid) checked.commit()
  return checked.run
}

function narrowed(scope: Scope): { only: Scope['reads'], folders: string[], targets: string[] } {
  const targets = scope.targets.map(target => target.name)
  return { only: scope.reads, folders: scope.folders, targets }
}

/** For --target and --changed-since: the targets to check and the files they read. */
async function narrowScope(root: string, options: ValidateOptions): Promise<Scope | undefined> {
  if (!options.targets && !options.changedSince) return undefined

  // the project file alone: the scope decides which folders to list
  const head = await loadProject(root, { ...options, cache: false, only: () => false, folders: [] })
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
