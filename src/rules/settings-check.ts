import type { Finding } from '../check/finding.js'
import { choiceHint } from '../check/messages.js'
import type { DocumentSource } from '../load/document.js'
import { escapePointer } from '../load/guard.js'
import { type RulesConfig, ruleSettings } from './settings.js'
import type { ProjectConfig } from '../load/project-config.js'

const PROJECT: DocumentSource = { file: 'omsctl.yaml', index: 0, line: 1 }

/**
 * What the project schema cannot know about `spec.rules`: whether the rule ids exist, and
 * whether the thresholds agree with each other.
 */
export function settingsFindings(config: ProjectConfig, ruleIds: ReadonlySet<string>): Finding[] {
  const rules = (config.spec as { rules?: RulesConfig }).rules
  if (!rules) return []

  const findings: Finding[] = []
  for (const id of Object.keys(rules.severity ?? {})) {
    if (ruleIds.has(id)) continue

    findings.push({
      rule: 'rules/unknown-rule',
      severity: 'error',
      message: `${id} is not a rule of the pack, so this setting changes nothing`,
      hint: choiceHint(id, [...ruleIds], 'rule ids (omsctl rules lists them)'),
      source: PROJECT,
      pointer: `/spec/rules/severity/${escapePointer(id)}`,
      at: 'key',
    })
  }

  const { keyRotationMinDays: min, keyRotationMaxDays: max } = ruleSettings(config).thresholds
  if (min > max) {
    const written = rules.thresholds?.keyRotationMinDays === undefined ? 'keyRotationMaxDays' : 'keyRotationMinDays'
    findings.push({
      rule: 'rules/threshold-range',
      severity: 'error',
      message: `keyRotationMinDays (${min}) is above keyRotationMaxDays (${max}), so no rotation period can pass`,
      hint: 'swap the two values, or widen the range',
      source: PROJECT,
      pointer: `/spec/rules/thresholds/${written}`,
    })
  }

  return findings
}
