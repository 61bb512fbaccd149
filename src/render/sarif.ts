/**
 * SARIF 2.1.0 for GitHub code scanning: every rule with its documentation, every problem as
 * a result at file:line:col, and a fingerprint that survives unrelated edits, so an alert
 * stays the same alert from commit to commit. Built with node-sarif-builder.
 */
import { createHash } from 'node:crypto'
import { isAbsolute, join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'

import type { ReportingDescriptor, Result } from 'sarif'
import { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } from 'node-sarif-builder'

import type { Problem } from '../check/problem.js'
import type { ValidationRun } from '../check/validate-project.js'
import type { Rule } from '../rules/rule.js'

export interface SarifOptions {
  /** omsctl's version, the tool's version in the log. */
  version: string
  /** Absolute path of the project; file names in problems are relative to it. */
  root: string
  /** Result paths are made relative to this folder (the checkout CI runs in). */
  cwd: string
  /** The repository and commit the run saw, so code scanning ties results to that commit. */
  provenance?: { repositoryUri: string, revisionId: string }
}

/** Checks outside the rule pack, by the prefix of their rule id. */
const CHECKS: Readonly<Record<string, string>> = {
  yaml: 'The file is valid YAML without ambiguous constructs',
  schema: 'The document matches its kind\'s JSON Schema',
  code: 'Codes (time zone, currency, country, locale) are valid',
  secret: 'Secret fields hold secret references, never values',
  name: 'Names are unique per kind and layer',
  layer: 'Documents sit in a layer of omsctl.yaml',
  lock: 'Locked fields are not overridden by a higher layer',
  rules: 'The rule pack is configured correctly and ran',
}

export function renderSarif(run: ValidationRun, options: SarifOptions): string {
  const builder = new SarifBuilder()
  const sarifRun = new SarifRunBuilder().initSimple({ toolDriverName: 'omsctl', toolDriverVersion: options.version })
  sarifRun.run.tool.driver.semanticVersion = options.version
  if (options.provenance) sarifRun.run.versionControlProvenance = [{ ...options.provenance }]

  const active = run.rules.flatMap(({ rule, severity }) => (severity === 'off' ? [] : [{ rule, severity }]))
  const packIds = new Set(active.map(entry => entry.rule.id))
  for (const { rule, severity } of active) {
    sarifRun.addRule(new SarifRuleBuilder(packRule(rule, severity)))
  }

  const others = [...new Set(run.report.problems.map(problem => problem.rule))]
    .filter(id => !packIds.has(id)).sort()
  for (const id of others) sarifRun.addRule(new SarifRuleBuilder(checkRule(id)))

  const prefix = uriPrefix(options)
  for (const problem of run.report.problems) {
    sarifRun.addResult(new SarifResultBuilder(result(problem, prefix)))
  }

  builder.addRun(sarifRun)
  return builder.buildSarifJsonString({ indent: true })
}

function packRule(rule: Rule, severity: 'error' | 'warning'): ReportingDescriptor {
  const example = (title: string, yaml: string): string => `**${title}**\n\n\`\`\`yaml\n${yaml}\`\`\``
  return {
    id: rule.id,
    name: camelName(rule.title),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: {
      text: rule.description,
      markdown: [
        rule.description,
        example('Passing example', rule.examples.pass),
        example('Failing example', rule.examples.fail),
        `Settings and waivers: \`omsctl rules ${rule.id}\`.`,
      ].join('\n\n'),
    },
    defaultConfiguration: { level: severity },
    properties: {
      tags: ['omsctl', rule.group, ...(rule.security ? ['security'] : [])],
      precision: 'very-high',
      ...(rule.security ? { 'security-severity': severity === 'error' ? '8.0' : '5.0' } : {}),
    },
  }
}

function checkRule(id: string): ReportingDescriptor {
  const prefix = id.slice(0, id.indexOf('/'))
  const text = CHECKS[prefix] ?? 'omsctl validation'
  return {
    id,
    name: camelName(id.replace(/[/-]/g, ' ')),
    shortDescription: { text },
    fullDescription: { text: `${text} (${id}).` },
    properties: { tags: ['omsctl', prefix] },
  }
}

function result(problem: Problem, prefix: string): Result {
  const uri = prefix === '' ? problem.file : `${prefix}/${problem.file}`
  return {
    ruleId: problem.rule,
    level: problem.severity,
    message: { text: problem.hint ? `${problem.message}\nHint: ${problem.hint}` : problem.message },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri },
        region: { startLine: Math.max(problem.line, 1), startColumn: Math.max(problem.column, 1) },
      },
      ...(problem.resource ? { logicalLocations: [{ fullyQualifiedName: problem.resource, kind: 'resource' }] } : {}),
    }],
    partialFingerprints: { 'omsctl/v1': fingerprint(problem) },
  }
}

/**
 * Identity of a problem without its line: the same rule on the same value of the same
 * resource stays one alert when lines above it move.
 */
function fingerprint(problem: Problem): string {
  const where = problem.pointer === undefined ? `${problem.line}:${problem.column}` : problem.pointer
  return createHash('sha256')
    .update([problem.rule, problem.file, problem.resource ?? '', where].join('\u0000'))
    .digest('hex')
    .slice(0, 32)
}

/**
 * Code scanning resolves paths against the repository root, where CI runs: paths are made
 * relative to the working folder. A project outside it gets absolute file: URIs.
 */
function uriPrefix(options: SarifOptions): string {
  const path = relative(options.cwd, options.root)
  if (path.startsWith('..') || isAbsolute(path)) return pathToFileURL(join(options.root, '/')).href.replace(/\/$/, '')
  return path.split('\\').join('/')
}

function camelName(text: string): string {
  const words = text.replace(/[^A-Za-z0-9 ]/g, ' ').split(/\s+/).filter(Boolean)
  return words.map(word => word[0]!.toUpperCase() + word.slice(1)).join('')
}
