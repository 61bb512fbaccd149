import type { Finding } from '../check/finding.js'
import type { Severity } from '../check/problem.js'
import type { DocumentSource } from '../load/document.js'
import type { Issue, Rule } from './rule.js'

/** The rule id of a problem that says a rule itself broke. */
export const INTERNAL_ERROR_RULE = 'rules/internal-error'

/** A rule's issue as a finding of the run: where its value was set, with what severity. */
export function toFinding(
  rule: Rule,
  severity: Severity,
  issue: Issue,
  source: DocumentSource,
  pointer: string,
  resource: string | undefined,
): Finding {
  return {
    rule: rule.id,
    severity,
    message: issue.message,
    ...(issue.hint === undefined ? {} : { hint: issue.hint }),
    source,
    pointer,
    ...(resource === undefined ? {} : { resource }),
  }
}

/** A rule that threw: one problem, so that the others still report. */
export function crashFinding(rule: Rule, source: DocumentSource, reason: string): Finding {
  return {
    rule: INTERNAL_ERROR_RULE,
    severity: 'error',
    message: `rule ${rule.id} failed: ${reason}`,
    hint: `this is a bug in omsctl and the other rules ran; report it, and set `
      + `spec.rules.severity.${rule.id}: off in omsctl.yaml to go on meanwhile`,
    source,
    pointer: '',
  }
}
