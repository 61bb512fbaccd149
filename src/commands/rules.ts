import { Args } from '@oclif/core'

import { BaseCommand, EXIT_CODES_HELP } from '../cli/base-command.js'
import type { Rule } from '../rules/rule.js'
import type { SettingInfo } from '../rules/settings.js'

interface RuleRow {
  id: string
  severity: string
  group: string
  scope: string
  title: string
  security: boolean
  settings: readonly string[]
}

interface RuleDetail extends RuleRow {
  description: string
  /** The kinds the rule reads (target and document rules). */
  kinds: readonly string[]
  examples: { pass: string, fail: string }
}

export type RulesResult = { rules: RuleRow[], settings: SettingInfo[] } | { rule: RuleDetail }

export default class Rules extends BaseCommand {
  static override summary = 'List the rule pack, or show one rule with its documentation and examples.'

  static override description = `The rule pack checks what a schema cannot: each target's merged settings \
as a whole (lifecycles, approvals, RBAC, codes, regions, compliance, integrations, channels) and \
the repository for credentials. Rules report at the line that set the offending value.

Change a rule's severity, thresholds and allow-lists under spec.rules in omsctl.yaml; the list \
ends with every setting and its default. Waive a rule on one document with metadata.waivers: \
[{rule, reason, expires}].

${EXIT_CODES_HELP}`

  static override examples = [
    { description: 'List every rule', command: '<%= config.bin %> rules' },
    { description: 'Show one rule with its passing and failing example', command: '<%= config.bin %> rules OMS-LC-001' },
    { description: 'As JSON', command: '<%= config.bin %> rules --json' },
  ]

  static override args = {
    rule: Args.string({ description: 'Id of a rule, such as OMS-LC-001.' }),
  }

  async run(): Promise<RulesResult> {
    const { args } = await this.parse(Rules)
    const { RULES, findRule } = await import('../rules/registry.js')
    const { SETTINGS } = await import('../rules/settings.js')

    if (args.rule === undefined) {
      const rules = RULES.map(row)
      if (!this.jsonEnabled()) this.log(listText(rules, SETTINGS))
      return { rules, settings: [...SETTINGS] }
    }

    const rule = findRule(args.rule)
    if (!rule) {
      const { UserError } = await import('../errors.js')
      const { choiceHint } = await import('../check/messages.js')
      throw new UserError(`no rule ${args.rule}`, {
        hint: choiceHint(args.rule.toUpperCase(), RULES.map(known => known.id), 'rule ids'),
        code: 'unknown_rule',
      })
    }

    const detail: RuleDetail = {
      ...row(rule),
      description: rule.description,
      kinds: kindsOf(rule),
      examples: rule.examples,
    }
    if (!this.jsonEnabled()) this.log(detailText(detail, SETTINGS))
    return { rule: detail }
  }
}

function row(rule: Rule): RuleRow {
  return {
    id: rule.id,
    severity: rule.severity,
    group: rule.group,
    scope: rule.scope,
    title: rule.title,
    security: rule.security ?? false,
    settings: rule.settings ?? [],
  }
}

/** Each kind once: a rule may name one both as what it reads and as what it checks. */
function kindsOf(rule: Rule): string[] {
  const kinds = rule.scope === 'target' ? rule.reads : rule.scope === 'document' ? rule.kinds : []
  return [...new Set(kinds)]
}

function listText(rules: readonly RuleRow[], settings: readonly SettingInfo[]): string {
  const lines = rules.map(rule => `${rule.id}  ${rule.severity.padEnd(7)}  ${rule.title}`)
  lines.push('', 'Settings (spec.rules in omsctl.yaml), with their defaults:')
  for (const setting of settings) {
    lines.push(`  ${setting.section}.${setting.name} = ${showDefault(setting.default)}`)
    lines.push(...wrap(setting.description, 90).map(line => `      ${line}`))
  }

  lines.push('', 'Change a severity with spec.rules.severity.<ID>: error | warning | off.')
  lines.push('`omsctl rules <ID>` shows a rule with its documentation and examples.')
  return lines.join('\n')
}

function detailText(rule: RuleDetail, settings: readonly SettingInfo[]): string {
  const lines = [
    `${rule.id}  ${rule.title}`,
    '',
    `severity: ${rule.severity}    group: ${rule.group}    runs: ${scopeText(rule)}`,
    '',
    ...wrap(rule.description, 96),
  ]
  const used = settings.filter(setting => rule.settings.includes(setting.name))
  if (used.length > 0) {
    lines.push('', 'Settings:')
    for (const setting of used) lines.push(`  spec.rules.${setting.section}.${setting.name} (default ${showDefault(setting.default)})`)
  }

  lines.push('', 'Passing example:', '', indent(rule.examples.pass))
  lines.push('Failing example (# <- marks where it reports):', '', indent(rule.examples.fail))
  lines.push(`Severity: spec.rules.severity.${rule.id}: error | warning | off in omsctl.yaml.`)
  lines.push(`Waiver: metadata.waivers: [{rule: ${rule.id}, reason: ..., expires: YYYY-MM-DD}].`)
  return lines.join('\n')
}

function scopeText(rule: RuleDetail): string {
  if (rule.scope === 'repository') return 'once per repository, on every document'
  if (rule.scope === 'file') return 'once per repository, on the text of every YAML file'
  const kinds = rule.kinds.length > 4 ? 'every kind' : rule.kinds.join(', ')
  return rule.scope === 'target' ? `per target, on ${kinds} together` : `per document: ${kinds}`
}

function showDefault(value: SettingInfo['default']): string {
  return Array.isArray(value) ? `[${value.join(', ')}]` : String(value)
}

function indent(text: string): string {
  return text.split('\n').map(line => (line === '' ? '' : `    ${line}`)).join('\n')
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + word.length + 1 > width) {
      lines.push(line)
      line = word
    } else {
      line = line === '' ? word : `${line} ${word}`
    }
  }

  if (line !== '') lines.push(line)
  return lines
}
