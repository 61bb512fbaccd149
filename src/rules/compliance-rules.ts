/** OMS-CP: retention and encryption meet the standards the business is audited against. */
import type { DataClassName } from '../model/kinds.generated.js'
import { documentRule, type Issue, type Rule, type RuleDocument } from './rule.js'
import { type Thresholds, TLS_VERSIONS } from './settings.js'

const AUDIT = `apiVersion: omsctl.dev/v1
kind: AuditPolicy
metadata:
  name: platform-audit
spec:
  level: standard
  retentionDays: 2555
  immutable: true
`

const ENCRYPTION = `apiVersion: omsctl.dev/v1
kind: EncryptionPolicy
metadata:
  name: platform-encryption
spec:
  minTlsVersion: TLSv1.2
  atRest:
    cipher: AES-256-GCM
    keyRotationDays: 365
    kms:
      provider: aws-kms
      keyId: alias/oms-at-rest
  webhookSigning:
    algorithm: hmac-sha256
`

const retention = (jurisdiction: string, classes: string): string => `apiVersion: omsctl.dev/v1
kind: RetentionPolicy
metadata:
  name: ${jurisdiction.toLowerCase()}-retention
spec:
  jurisdiction: ${jurisdiction}
  dataClasses:
${classes}`

const PCI = retention('PCI', `    - dataClass: audit-log
      personalData: false
      retentionDays: 365
      action: delete
`)

const CCPA = retention('CCPA', `    - dataClass: consumer-requests
      personalData: true
      purpose: Record of consumer privacy requests
      purposeDays: 730
      retentionDays: 730
      action: delete
`)

const GDPR = retention('GDPR', `    - dataClass: customer-profile
      personalData: true
      purpose: Serve the customer account
      purposeDays: 1095
      retentionDays: 1095
      action: anonymise
`)

const auditRetention = documentRule({
  id: 'OMS-CP-001',
  group: 'compliance',
  scope: 'document',
  kinds: ['AuditPolicy'],
  severity: 'error',
  title: 'Audit logs are kept long enough',
  description: 'The audit log is the evidence for every other control; it must be kept at '
    + 'least `spec.rules.thresholds.auditRetentionDays` (default 2555 days, 7 years, as '
    + 'SOX and most tax authorities expect).',
  settings: ['auditRetentionDays'],
  examples: {
    pass: AUDIT,
    fail: AUDIT.replace('retentionDays: 2555', 'retentionDays: 365          # <- below 2555'),
  },
  * check({ spec }, { settings }) {
    const minimum = settings.thresholds.auditRetentionDays
    if (spec.retentionDays >= minimum) return

    yield {
      pointer: '/spec/retentionDays',
      message: `audit logs are kept ${spec.retentionDays} days; the project requires at least ${minimum}`,
      hint: `set retentionDays to ${minimum} or more`,
    }
  },
})

function classRetention(
  id: string,
  jurisdiction: 'PCI' | 'CCPA',
  dataClass: DataClassName,
  threshold: 'pciAuditRetentionDays' | 'ccpaRequestRetentionDays',
  text: { title: string, description: string, pass: string, fail: string },
): Rule {
  return documentRule({
    id,
    group: 'compliance',
    scope: 'document',
    kinds: ['RetentionPolicy'],
    severity: 'error',
    title: text.title,
    description: text.description,
    settings: [threshold],
    examples: { pass: text.pass, fail: text.fail },
    * check({ spec }, { settings }) {
      if (spec.jurisdiction !== jurisdiction) return

      const minimum = settings.thresholds[threshold]
      const index = spec.dataClasses.findIndex(entry => entry.dataClass === dataClass)
      const entry = spec.dataClasses[index]
      if (!entry) {
        yield {
          pointer: '/spec/dataClasses',
          message: `a ${jurisdiction} policy must say how long ${dataClass} records are kept`,
          hint: `add dataClass ${dataClass} with retentionDays of at least ${minimum}`,
        }
      } else if (entry.retentionDays < minimum) {
        yield {
          pointer: `/spec/dataClasses/${index}/retentionDays`,
          message: `${jurisdiction} requires ${dataClass} records for at least ${minimum} days; `
            + `this keeps them ${entry.retentionDays}`,
          hint: `set retentionDays to ${minimum} or more`,
        }
      }
    },
  })
}

const pciAudit = classRetention('OMS-CP-002', 'PCI', 'audit-log', 'pciAuditRetentionDays', {
  title: 'PCI audit history is kept at least a year',
  description: 'PCI DSS (requirement 10.5.1) asks for at least 12 months of audit history. A '
    + 'RetentionPolicy with jurisdiction PCI must list the audit-log data class and keep it at '
    + 'least `spec.rules.thresholds.pciAuditRetentionDays` (default 365) days.',
  pass: PCI,
  fail: PCI.replace('retentionDays: 365', 'retentionDays: 90           # <- below 365'),
})

const ccpaRequests = classRetention('OMS-CP-003', 'CCPA', 'consumer-requests', 'ccpaRequestRetentionDays', {
  title: 'CCPA consumer-request records are kept 24 months',
  description: 'The CCPA regulations require records of consumer privacy requests (and how '
    + 'they were answered) for at least 24 months. A RetentionPolicy with jurisdiction CCPA '
    + 'must list consumer-requests and keep them at least '
    + '`spec.rules.thresholds.ccpaRequestRetentionDays` (default 730) days.',
  pass: CCPA,
  fail: CCPA.replace('purposeDays: 730\n      retentionDays: 730', 'purposeDays: 365\n      retentionDays: 365         # <- below 730'),
})

const purposeLimit = documentRule({
  id: 'OMS-CP-004',
  group: 'compliance',
  scope: 'document',
  kinds: ['RetentionPolicy'],
  severity: 'error',
  title: 'Personal data is kept no longer than its purpose',
  description: 'Storage limitation (GDPR art. 5(1)(e), CCPA §1798.100): a data class with '
    + '`personalData: true` declares its `purpose` and `purposeDays`, and its `retentionDays` '
    + 'does not exceed `purposeDays`.',
  examples: {
    pass: GDPR,
    fail: GDPR.replace('purposeDays: 1095\n      retentionDays: 1095', 'purposeDays: 1095\n      retentionDays: 3650        # <- longer than the purpose'),
  },
  * check({ spec }) {
    for (const [index, entry] of spec.dataClasses.entries()) {
      if (!entry.personalData) continue

      const where = `/spec/dataClasses/${index}`
      if (entry.purpose === undefined || entry.purposeDays === undefined) {
        yield {
          pointer: `${where}/personalData`,
          message: `personal data (${entry.dataClass}) is kept without a declared purpose and duration`,
          hint: 'add purpose and purposeDays, as in the record of processing activities',
        }
      } else if (entry.retentionDays > entry.purposeDays) {
        yield {
          pointer: `${where}/retentionDays`,
          message: `personal data (${entry.dataClass}) is kept ${entry.retentionDays} days, `
            + `longer than its purpose needs (${entry.purposeDays})`,
          hint: `lower retentionDays to ${entry.purposeDays}, or anonymise instead of keeping`,
        }
      }
    }
  },
})

const tlsVersion = encryptionRule('OMS-CP-005', {
  title: 'TLS 1.2 or later',
  description: 'TLS 1.0 and 1.1 are deprecated (RFC 8996) and not accepted by PCI DSS. The '
    + 'minimum TLS version must be at least `spec.rules.thresholds.minTlsVersion` (default '
    + 'TLSv1.2).',
  settings: ['minTlsVersion'],
  fail: ENCRYPTION.replace('minTlsVersion: TLSv1.2', 'minTlsVersion: TLSv1.1       # <- deprecated'),
  check: ({ spec }, minimum) => {
    const floor = minimum.minTlsVersion
    if (TLS_VERSIONS.indexOf(spec.minTlsVersion) >= TLS_VERSIONS.indexOf(floor)) return []
    return [{
      pointer: '/spec/minTlsVersion',
      message: `${spec.minTlsVersion} is accepted; the project requires at least ${floor}`,
      hint: `set minTlsVersion to ${floor} or later`,
    }]
  },
})

const atRestCipher = encryptionRule('OMS-CP-006', {
  title: 'Data at rest is encrypted with AES-256',
  description: 'Stored data (and backups) are encrypted with a 256-bit AES cipher '
    + '(AES-256-GCM, or AES-256-CBC); AES-128 and stream ciphers do not meet the standard the '
    + 'platform is audited against.',
  fail: ENCRYPTION.replace('cipher: AES-256-GCM', 'cipher: AES-128-GCM         # <- 128-bit key'),
  check: ({ spec }) => spec.atRest.cipher.startsWith('AES-256-')
    ? []
    : [{
        pointer: '/spec/atRest/cipher',
        message: `data at rest is encrypted with ${spec.atRest.cipher}, not AES-256`,
        hint: 'use AES-256-GCM',
      }],
})

const keyRotation = encryptionRule('OMS-CP-007', {
  title: 'Keys rotate between 90 and 2560 days',
  description: 'A key used too long protects too much data; one rotated too often breaks '
    + 'long-running jobs and re-encryption cannot keep up. Rotation must lie between '
    + '`keyRotationMinDays` (default 90) and `keyRotationMaxDays` (default 2560) of '
    + '`spec.rules.thresholds`.',
  settings: ['keyRotationMinDays', 'keyRotationMaxDays'],
  fail: ENCRYPTION.replace('keyRotationDays: 365', 'keyRotationDays: 3650      # <- 10 years'),
  check: ({ spec }, { keyRotationMinDays: min, keyRotationMaxDays: max }) => {
    const days = spec.atRest.keyRotationDays
    if (days >= min && days <= max) return []
    return [{
      pointer: '/spec/atRest/keyRotationDays',
      message: `keys rotate every ${days} days; the project requires between ${min} and ${max}`,
      hint: `set keyRotationDays between ${min} and ${max} (365 is common)`,
    }]
  },
})

function encryptionRule(id: string, rule: {
  title: string
  description: string
  settings?: readonly string[]
  fail: string
  check: (
    document: RuleDocument<'EncryptionPolicy'>,
    thresholds: Thresholds,
  ) => Issue[]
}): Rule {
  return documentRule({
    id,
    group: 'compliance',
    scope: 'document',
    kinds: ['EncryptionPolicy'],
    severity: 'error',
    title: rule.title,
    description: rule.description,
    ...(rule.settings ? { settings: rule.settings } : {}),
    examples: { pass: ENCRYPTION, fail: rule.fail },
    check: (document, context) => rule.check(document, context.settings.thresholds),
  })
}

export const COMPLIANCE_RULES: readonly Rule[] = [
  auditRetention, pciAudit, ccpaRequests, purposeLimit, tlsVersion, atRestCipher, keyRotation,
]
