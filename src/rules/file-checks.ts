import type { Finding } from '../check/finding.js'
import type { Severity } from '../check/problem.js'
import { type RawDocument, rawId } from '../load/raw-document.js'
import { crashFinding, toFinding } from './rule-findings.js'
import type { FileRule, RuleContext, TextIssue } from './rule.js'
import type { FileText } from './repository-files.js'
import { placeOffsets } from './text-places.js'
import { activeWaiverRules, waiversOf } from './waivers.js'

/** The timing of reading what repository-wide rules read: files, and the strings of documents. */
export const SCAN = 'repository scan'

export interface ActiveFileRule {
  rule: FileRule
  severity: Severity
}

export interface FileOutcome {
  findings: Finding[]
  /** Problems that an active waiver of the document around them silenced. */
  waived: Finding[]
}

/**
 * Runs the file rules on each file's text. What they report is placed at its exact line and
 * column; a report inside a parsed document belongs to that document, which can waive it.
 */
export async function checkFileTexts(
  rules: readonly ActiveFileRule[],
  texts: AsyncIterable<FileText>,
  documents: readonly RawDocument[],
  context: RuleContext,
  record: (id: string, milliseconds: number) => void,
): Promise<FileOutcome> {
  const outcome: FileOutcome = { findings: [], waived: [] }
  const byFile = new Map<string, RawDocument[]>()
  for (const document of documents) {
    const list = byFile.get(document.source.file)
    if (list) list.push(document)
    else byFile.set(document.source.file, [document])
  }

  const iterator = texts[Symbol.asyncIterator]()
  for (;;) {
    const reading = performance.now()
    const next = await iterator.next()
    record(SCAN, performance.now() - reading)
    if (next.done) break

    const { file, text } = next.value
    const reported: { active: ActiveFileRule, issue: TextIssue }[] = []
    for (const active of rules) {
      const started = performance.now()
      try {
        for (const issue of active.rule.check(text, context)) reported.push({ active, issue })
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        outcome.findings.push(crashFinding(active.rule, { file, index: 0, line: 1 }, reason))
      }

      record(active.rule.id, performance.now() - started)
    }

    if (reported.length === 0) continue

    const places = placeOffsets(text, reported.map(({ issue }) => issue.offset))
    reported.forEach(({ active, issue }, at) => {
      const { index, pointer, line, column } = places[at]!
      const document = index === undefined
        ? undefined
        : byFile.get(file)?.find(candidate => candidate.source.index === index)
      const source = document?.source ?? { file, index: index ?? 0, line: 1 }
      const finding: Finding = {
        ...toFinding(active.rule, active.severity, { ...issue, pointer }, source, pointer,
          document && rawId(document)),
        position: { line, column },
      }
      const waived = document !== undefined && !active.rule.unwaivable
        && activeWaiverRules(waiversOf(document.value), context.today, context.ruleIds)
          .has(active.rule.id)
      ;(waived ? outcome.waived : outcome.findings).push(finding)
    })
  }

  return outcome
}
