/**
 * The project's settings of the rule pack (`spec.rules` in omsctl.yaml): severity per rule,
 * thresholds and allow-lists. The defaults live here once; `omsctl rules`, the README and the
 * project schema's `default` keywords are checked against them by the tests.
 */
import type { Severity } from '../check/problem.js'
import type { ProjectConfig } from '../load/project-config.js'

export type SeveritySetting = Severity | 'off'

export type TlsVersion = 'TLSv1.0' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'

export interface Thresholds {
  auditRetentionDays: number
  pciAuditRetentionDays: number
  ccpaRequestRetentionDays: number
  minTlsVersion: TlsVersion
  keyRotationMinDays: number
  keyRotationMaxDays: number
  dutySeparationMinimum: number
  minEntropyBits: number
}

export interface AllowLists {
  privilegedGroups: string[]
  internalHosts: string[]
}

/** `spec.rules` as written (schemas/project.schema.json); every part is optional. */
export interface RulesConfig {
  severity?: Record<string, SeveritySetting>
  thresholds?: Partial<Thresholds>
  allow?: Partial<AllowLists>
}

/** The settings in effect: what the project wrote over the defaults. */
export interface RuleSettings {
  severity: Readonly<Record<string, SeveritySetting>>
  thresholds: Readonly<Thresholds>
  allow: Readonly<AllowLists>
}

export interface SettingInfo {
  name: keyof Thresholds | keyof AllowLists
  section: 'thresholds' | 'allow'
  default: number | string | readonly string[]
  description: string
}

export const TLS_VERSIONS: readonly TlsVersion[] = ['TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']

/** Every setting with its default, in the order `omsctl rules` and the README show them. */
export const SETTINGS: readonly SettingInfo[] = [
  {
    name: 'auditRetentionDays', section: 'thresholds', default: 2555,
    description: 'Minimum audit-log retention in days (2555 = 7 years).',
  },
  {
    name: 'pciAuditRetentionDays', section: 'thresholds', default: 365,
    description: 'Minimum audit history of a PCI retention policy, in days (PCI DSS 10.5.1).',
  },
  {
    name: 'ccpaRequestRetentionDays', section: 'thresholds', default: 730,
    description: 'Minimum retention of CCPA consumer-request records, in days (24 months).',
  },
  {
    name: 'minTlsVersion', section: 'thresholds', default: 'TLSv1.2',
    description: 'Lowest TLS version an EncryptionPolicy may accept.',
  },
  {
    name: 'keyRotationMinDays', section: 'thresholds', default: 90,
    description: 'Shortest key rotation period in days (more often breaks long-running jobs).',
  },
  {
    name: 'keyRotationMaxDays', section: 'thresholds', default: 2560,
    description: 'Longest key rotation period in days.',
  },
  {
    name: 'dutySeparationMinimum', section: 'thresholds', default: 0,
    description: 'Separation of duties applies to approval bands starting at this amount '
      + '(minor units of the policy\'s currency) that need at least one approval.',
  },
  {
    name: 'minEntropyBits', section: 'thresholds', default: 3.5,
    description: 'Shannon entropy (bits per character) from which a value of a secret-like '
      + 'field counts as a credential.',
  },
  {
    name: 'privilegedGroups', section: 'allow', default: [],
    description: 'Business-unit groups that may still change global settings, security '
      + 'policy or RBAC.',
  },
  {
    name: 'internalHosts', section: 'allow', default: [],
    description: 'Host names that endpoint checks accept although they look internal.',
  },
]

export const DEFAULT_SETTINGS: RuleSettings = {
  severity: {},
  thresholds: defaultsOf('thresholds') as unknown as Thresholds,
  allow: defaultsOf('allow') as unknown as AllowLists,
}

/** The settings of a project; the project schema has already checked their shape. */
export function ruleSettings(config: ProjectConfig | undefined): RuleSettings {
  const written = (config?.spec as { rules?: RulesConfig } | undefined)?.rules ?? {}
  return {
    severity: { ...written.severity },
    thresholds: { ...DEFAULT_SETTINGS.thresholds, ...written.thresholds },
    allow: { ...DEFAULT_SETTINGS.allow, ...written.allow },
  }
}

/** The severity a rule reports with in this project, or 'off' when it does not run. */
export function effectiveSeverity(
  settings: RuleSettings,
  rule: { id: string, severity: Severity },
): SeveritySetting {
  return settings.severity[rule.id] ?? rule.severity
}

function defaultsOf(section: SettingInfo['section']): Record<string, unknown> {
  const entries = SETTINGS.filter(setting => setting.section === section)
    .map(setting => [setting.name, Array.isArray(setting.default) ? [] : setting.default])
  return Object.fromEntries(entries) as Record<string, unknown>
}
