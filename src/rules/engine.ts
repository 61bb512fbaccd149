import type { Finding } from '../check/finding.js'
import type { Severity } from '../check/problem.js'
import type { DocumentSource } from '../load/document.js'
import { type RawDocument, rawId } from '../load/raw-document.js'
import { effectiveOrigin } from '../resolve/origin.js'
import type { ResolvedDocument } from '../resolve/resolver.js'
import { DocumentIndex } from './document-index.js'
import { type ActiveFileRule, checkFileTexts, SCAN } from './file-checks.js'
import type { FileText } from './repository-files.js'
import { crashFinding, toFinding } from './rule-findings.js'
import { ScannedDocument } from './scanned-document.js'
import { RULES } from './registry.js'
import type {
  DocumentRule, Issue, RepositoryRule, Rule, RuleContext, RuleDocument, TargetRule,
} from './rule.js'
import { effectiveSeverity, type RuleSettings } from './settings.js'
import { activeWaiverRules, isExpired, todayUtc, waiversOf } from './waivers.js'

/** The schema-valid part of one target, as the checker leaves it. */
export interface TargetDocuments {
  valid: readonly ResolvedDocument[]
  /** Kinds of which at least one document failed its schema in this target. */
  invalidKinds: ReadonlySet<string>
}

export interface RuleEngineOptions {
  settings: RuleSettings
  /** The merge keys of a kind (Resolver.keysOf), to follow list items through layers. */
  keysOf: (kind: string) => ReadonlyMap<string, string>
  today?: string
  /** The rules to run; the whole pack by default. */
  rules?: readonly Rule[]
}

/** Where problems of target-wide rules that concern no single document are reported. */
const PROJECT_SOURCE: DocumentSource = { file: 'omsctl.yaml', index: 0, line: 1 }

interface Entry {
  document: RuleDocument
  resolved: ResolvedDocument
  /** Rules that an active waiver of this document silences. */
  waived: ReadonlySet<string>
  /** Outcomes of the document rules, by slot: shared by every target with this merge. */
  outcomes: (Outcome | undefined)[]
}

interface Active<R extends Rule> {
  rule: R
  severity: Severity
  /** Position among the document rules, for the per-document memo. */
  slot: number
  /** Milliseconds spent in the rule so far: a field, not a map entry, in the hot loops. */
  spent: number
}

type Ran<T> = { ok: true, items: readonly T[] } | { ok: false, crash: Finding }

/** What almost every rule returns; shared, never changed. */
const NONE: readonly never[] = []

/** The waivers of almost every document. */
const NO_WAIVERS: ReadonlySet<string> = new Set()

interface Outcome {
  findings: Finding[]
  waived: Finding[]
}

/** The outcome of almost every check, shared (and never changed): the memo holds many. */
const CLEAN: Outcome = { findings: [], waived: [] }

/**
 * Runs the rule pack. One engine serves a whole run: results of rules that look at one
 * document are kept per distinct merge, so a document that hundreds of targets inherit is
 * checked once, and each report is mapped to the line where its value was set.
 */
export class RuleEngine {
  /** Problems that an active waiver silenced; the caller deduplicates them like the rest. */
  readonly waived: Finding[] = []
  private readonly context: RuleContext
  private readonly documentRules: Active<DocumentRule>[] = []
  private readonly targetRules: Active<TargetRule>[] = []
  private readonly repositoryRules: Active<RepositoryRule>[] = []
  private readonly fileRules: ActiveFileRule[] = []
  private readonly entries = new Map<string, Entry>()
  private readonly byDocument = new Map<RuleDocument, Entry>()
  private readonly activeWaivers = new Set<string>()
  /** Milliseconds of SCAN and of the file rules. */
  private readonly spent = new Map<string, number>()

  constructor(private readonly options: RuleEngineOptions) {
    const rules = options.rules ?? RULES
    this.context = {
      settings: options.settings,
      today: options.today ?? todayUtc(),
      ruleIds: new Set(RULES.map(rule => rule.id)),
    }

    for (const rule of rules) {
      const severity = effectiveSeverity(options.settings, rule)
      if (severity === 'off') continue

      if (rule.scope === 'document') {
        this.documentRules.push({ rule, severity, slot: this.documentRules.length, spent: 0 })
      } else if (rule.scope === 'target') {
        this.targetRules.push({ rule, severity, slot: -1, spent: 0 })
      } else if (rule.scope === 'repository') {
        this.repositoryRules.push({ rule, severity, slot: -1, spent: 0 })
      } else {
        this.fileRules.push({ rule, severity })
      }
    }
  }

  /** Milliseconds per rule id (and SCAN) over the whole run, for `npm run bench`. */
  get timings(): ReadonlyMap<string, number> {
    const timings = new Map(this.spent)
    const ruleSets = [this.documentRules, this.targetRules, this.repositoryRules]
    for (const { rule, spent } of ruleSets.flat()) {
      timings.set(rule.id, (timings.get(rule.id) ?? 0) + spent)
    }

    return timings
  }

  /** Waivers in force (known rule, not expired) on the documents checked so far. */
  get activeWaiverCount(): number {
    return this.activeWaivers.size
  }

  checkTarget(target: TargetDocuments): Finding[] {
    if (this.documentRules.length === 0 && this.targetRules.length === 0) return []

    const entries = target.valid.map(resolved => this.entryOf(resolved))
    const byKind = new Map<string, Entry[]>()
    for (const entry of entries) {
      const list = byKind.get(entry.document.kind)
      if (list) list.push(entry)
      else byKind.set(entry.document.kind, [entry])
    }

    const findings: Finding[] = []
    for (const active of this.documentRules) {
      const started = performance.now()
      const { rule } = active
      for (const kind of rule.kinds) {
        const ofKind = byKind.get(kind)
        if (!ofKind) continue

        for (const entry of ofKind) {
          if (rule.applies && !rule.applies(entry.document)) continue
          append(findings, this.checkDocument(active, entry))
        }
      }

      active.spent += performance.now() - started
    }

    const index = new DocumentIndex(entries.map(entry => entry.document))
    const { invalidKinds } = target
    for (const active of this.targetRules) {
      if (invalidKinds.size > 0 && active.rule.reads.some(kind => invalidKinds.has(kind))) continue

      const started = performance.now()
      append(findings, this.runTargetRule(active, index))
      active.spent += performance.now() - started
    }

    return findings
  }

  /** Repository-wide rules, once per run, on every parsed document (the project file too). */
  checkRepository(documents: readonly RawDocument[]): Finding[] {
    const findings: Finding[] = []
    if (this.repositoryRules.length === 0) return findings

    const { today, ruleIds } = this.context
    let scanning = 0
    for (const document of documents) {
      const started = performance.now()
      const scanned = new ScannedDocument(document.source, document.value)
      let clock = performance.now()
      scanning += clock - started
      let waived: Set<string> | undefined
      for (const active of this.repositoryRules) {
        const { rule, severity } = active
        const ran = this.guard(rule, document.source, () => rule.check(scanned, this.context))
        const now = performance.now()
        active.spent += now - clock
        clock = now
        if (!ran.ok) {
          findings.push(ran.crash)
          continue
        }

        if (ran.items.length === 0) continue
        waived ??= activeWaiverRules(waiversOf(document.value), today, ruleIds)
        for (const issue of ran.items) {
          const { source } = document
          const finding = toFinding(rule, severity, issue, source, issue.pointer, rawId(document))
          ;(waived.has(rule.id) ? this.waived : findings).push(finding)
        }
      }
    }

    this.record(SCAN, scanning)
    return findings
  }

  /**
   * File rules, once per run, on the text of each file `texts` yields (not even listed when
   * no file rule is on); `documents` are the parsed ones, whose waivers apply inside them.
   */
  async checkFiles(
    texts: AsyncIterable<FileText>,
    documents: readonly RawDocument[],
  ): Promise<Finding[]> {
    if (this.fileRules.length === 0) return []

    const record = (id: string, milliseconds: number): void => this.record(id, milliseconds)
    const outcome = await checkFileTexts(this.fileRules, texts, documents, this.context, record)
    append(this.waived, outcome.waived)
    return outcome.findings
  }

  private checkDocument(active: Active<DocumentRule>, entry: Entry): readonly Finding[] {
    let outcome = entry.outcomes[active.slot]
    if (!outcome) {
      // the hottest call of a run (every rule on every document): no closure, no list
      const { rule } = active
      let issues: Issue[] | undefined
      try {
        for (const issue of rule.check(entry.document, this.context)) (issues ??= []).push(issue)
        outcome = issues ? this.sortOut(active, entry, issues) : CLEAN
      } catch (error) {
        const source = entry.resolved.merged.contributions[0]!.document.source
        outcome = { findings: [crashFinding(rule, source, reasonOf(error))], waived: [] }
      }

      entry.outcomes[active.slot] = outcome
    }

    append(this.waived, outcome.waived)
    return outcome.findings
  }

  private runTargetRule(active: Active<TargetRule>, index: DocumentIndex): readonly Finding[] {
    const { rule } = active
    const ran = this.guard(rule, PROJECT_SOURCE, () => rule.check(index, this.context))
    if (!ran.ok) return [ran.crash]
    if (ran.items.length === 0) return NONE

    const findings: Finding[] = []
    for (const report of ran.items) {
      const entry = this.byDocument.get(report.document)
      if (!entry) return [crashFinding(rule, PROJECT_SOURCE, `it reported on ${report.document.id}, which it was not given`)]

      const outcome = this.sortOut(active, entry, [report])
      append(findings, outcome.findings)
      append(this.waived, outcome.waived)
    }

    return findings
  }

  /** Maps issues to the lines that set their values, and puts waived ones aside. */
  private sortOut(active: Active<Rule>, entry: Entry, issues: readonly Issue[]): Outcome {
    if (issues.length === 0) return CLEAN

    const outcome: Outcome = { findings: [], waived: [] }
    const { rule, severity } = active
    const { resolved } = entry
    const silenced = !rule.unwaivable && entry.waived.has(rule.id)
    for (const issue of issues) {
      const origin = resolved.merged.contributions.length === 1
        ? { contribution: resolved.merged.contributions[0]!, pointer: issue.pointer }
        : effectiveOrigin(resolved, issue.pointer, this.options.keysOf(resolved.kind))
      const source = origin.contribution.document.source
      const finding = toFinding(rule, severity, issue, source, origin.pointer, resolved.id)
      ;(silenced ? outcome.waived : outcome.findings).push(finding)
    }

    return outcome
  }

  /**
   * Runs a rule to the end; a rule that throws becomes one problem of its own, and every
   * other rule still runs. Most runs report nothing and allocate no list.
   */
  private guard<T>(rule: Rule, source: DocumentSource, run: () => Iterable<T>): Ran<T> {
    try {
      let items: T[] | undefined
      for (const item of run()) (items ??= []).push(item)
      return { ok: true, items: items ?? NONE }
    } catch (error) {
      return { ok: false, crash: crashFinding(rule, source, reasonOf(error)) }
    }
  }

  private entryOf(resolved: ResolvedDocument): Entry {
    const known = this.entries.get(resolved.key)
    if (known) return known

    const value = resolved.value as unknown as Pick<RuleDocument, 'kind' | 'metadata' | 'spec'>
    const document: RuleDocument = {
      id: resolved.id, kind: value.kind, name: value.metadata.name,
      metadata: value.metadata, spec: value.spec,
    }
    const waivers = waiversOf(resolved.value)
    const waived = waivers.length === 0
      ? NO_WAIVERS
      : activeWaiverRules(waivers, this.context.today, this.context.ruleIds)
    const entry: Entry = { document, resolved, waived, outcomes: [] }
    this.entries.set(resolved.key, entry)
    this.byDocument.set(document, entry)

    for (const waiver of waivers) {
      if (!waived.has(waiver.rule) || isExpired(waiver, this.context.today)) continue

      const origin = effectiveOrigin(resolved, `/metadata/waivers/${waiver.index}`, this.options.keysOf(resolved.kind))
      const { file, index } = origin.contribution.document.source
      this.activeWaivers.add(`${file}#${index}#${origin.pointer}`)
    }

    return entry
  }

  private record(id: string, milliseconds: number): void {
    this.spent.set(id, (this.spent.get(id) ?? 0) + milliseconds)
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** `push(...list)` without spreading, and nothing at all for the usual empty list. */
function append<T>(target: T[], items: readonly T[]): void {
  for (let index = 0; index < items.length; index++) target.push(items[index]!)
}

export { INTERNAL_ERROR_RULE } from './rule-findings.js'
export { SCAN } from './file-checks.js'
