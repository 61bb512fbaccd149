/**
 * What a rule of the rule pack is. Rules are data plus one pure function: they never deal in
 * files or lines, only in documents and JSON pointers; the engine finds where each value was
 * set (after layering) and turns reports into problems.
 */
import type { Severity } from '../check/problem.js'
import type { Metadata, ResourceByKind } from '../model/kinds.generated.js'
import type { KindName } from '../model/kinds.js'
import type { DocumentIndex } from './document-index.js'
import type { ScannedDocument } from './scanned-document.js'
import type { RuleSettings } from './settings.js'

/** A resolved, schema-valid document as rules read it; `spec` has the kind's generated type. */
export interface RuleDocument<K extends KindName = KindName> {
  /** `Kind/name` */
  readonly id: string
  readonly kind: K
  readonly name: string
  readonly metadata: Metadata
  readonly spec: ResourceByKind[K]['spec']
}

/** One thing wrong, at a JSON pointer of the document a rule is looking at. */
export interface Issue {
  pointer: string
  message: string
  hint?: string
}

/** An issue of a target-wide rule, which names the document it concerns. */
export interface Report extends Issue {
  document: RuleDocument
}

export interface RuleContext {
  settings: RuleSettings
  /** Today as YYYY-MM-DD (UTC): the day waivers are compared with. */
  today: string
  /** Every rule id of the pack, for checks of what waivers and settings name. */
  ruleIds: ReadonlySet<string>
}

export type RuleGroup
  = | 'lifecycle' | 'approvals' | 'inventory' | 'rbac' | 'codes' | 'regions' | 'compliance'
    | 'integrations' | 'credentials' | 'channels' | 'waivers'

/** What `omsctl rules`, the README, SARIF and the documentation tests show of a rule. */
export interface RuleInfo {
  /** Stable: `OMS-<group>-<number>`; never reused for another meaning. */
  id: string
  group: RuleGroup
  severity: Severity
  title: string
  /** Why the rule exists and exactly what it checks, for `omsctl rules ID`. */
  description: string
  /**
   * YAML documents (one repository, one target). `fail` marks each line where the rule must
   * report with a `# <-` comment; the tests run both, so docs and behaviour cannot drift.
   */
  examples: { pass: string, fail: string }
  /** Threshold and allow-list names of `spec.rules` in omsctl.yaml that this rule reads. */
  settings?: readonly string[]
  /** Security findings get a severity score in SARIF, so code scanning ranks them. */
  security?: boolean
  /** Waivers cannot silence this rule (the rules about waivers themselves). */
  unwaivable?: boolean
}

/** Checks each document of the given kinds on its own; results are shared by every target. */
export interface DocumentRule<K extends KindName = KindName> extends RuleInfo {
  scope: 'document'
  kinds: readonly K[]
  /** A cheap test that skips documents the rule has nothing to say about. */
  applies?(document: RuleDocument<K>): boolean
  check(document: RuleDocument<K>, context: RuleContext): Iterable<Issue>
}

/**
 * Checks one target's documents together. It runs only when every document of the kinds it
 * reads passed its schema in that target: with one of them missing it would report
 * conflicts that are not there.
 */
export interface TargetRule extends RuleInfo {
  scope: 'target'
  reads: readonly KindName[]
  check(documents: DocumentIndex, context: RuleContext): Iterable<Report>
}

/**
 * Runs once per repository on every parsed document (and omsctl.yaml), before layering or
 * schemas; reads the strings the document holds, collected once for all such rules.
 */
export interface RepositoryRule extends RuleInfo {
  scope: 'repository'
  check(document: ScannedDocument, context: RuleContext): Iterable<Issue>
}

/** One thing wrong at a character offset of a file's text. */
export interface TextIssue {
  offset: number
  message: string
  hint?: string
}

/**
 * Runs once per repository on the raw text of every YAML file it holds, read or not, parsed
 * or not: what it looks for can hide in a comment, a mapping key or a file outside the layers.
 */
export interface FileRule extends RuleInfo {
  scope: 'file'
  check(text: string, context: RuleContext): Iterable<TextIssue>
}

export type Rule = DocumentRule | TargetRule | RepositoryRule | FileRule

/** Rules that run once for the whole repository rather than per target. */
export function isRepositoryWide(rule: Rule): boolean {
  return rule.scope === 'repository' || rule.scope === 'file'
}

/** Types `check` for the kinds listed, so a rule reads its documents without casts. */
export function documentRule<K extends KindName>(rule: DocumentRule<K>): Rule {
  return rule
}
