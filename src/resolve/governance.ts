import type { RawDocument } from '../load/raw-document.js'
import type { LayerInstance } from './layers.js'
import { dottedToPointer } from './dotted-path.js'
import type { Contribution, Lock } from './merge.js'

/** The kind of the documents that reserve fields to the lowest layer. */
export const GOVERNANCE_KIND = 'Governance'

/** One entry of a Governance document's `spec.rules`, as far as it could be read. */
interface GovernanceRule {
  index: number
  kind: string
  name: RegExp | undefined
  paths: { pointer: string, index: number }[]
  reason: string | undefined
}

/** A Governance document of the lowest layer with its rules, read once per run. */
export interface Governance {
  by: Contribution
  id: string
  rules: GovernanceRule[]
}

export function isGovernance(document: RawDocument): boolean {
  return document.value.kind === GOVERNANCE_KIND
}

/**
 * Reads the rules of a Governance document. The schema check reports what is malformed; here
 * an entry that cannot be read is skipped, so a typo never makes a field look reserved.
 */
export function readGovernance(document: RawDocument, instance: LayerInstance): Governance {
  const metadata = document.value.metadata as Record<string, unknown> | undefined
  const spec = document.value.spec as Record<string, unknown> | undefined
  const entries = Array.isArray(spec?.rules) ? spec.rules as unknown[] : []
  const rules = entries.flatMap((entry, index): GovernanceRule[] => {
    if (!isMap(entry) || typeof entry.kind !== 'string' || !Array.isArray(entry.paths)) return []

    const paths = (entry.paths as unknown[]).flatMap((path, at) =>
      typeof path === 'string' && path !== '' ? [{ pointer: dottedToPointer(path), index: at }] : [])
    const name = typeof entry.name === 'string' ? namePattern(entry.name) : undefined
    const reason = typeof entry.reason === 'string' ? entry.reason : undefined
    return [{ index, kind: entry.kind, name, paths, reason }]
  })

  return { by: { document, instance }, id: `${GOVERNANCE_KIND}/${String(metadata?.name)}`, rules }
}

/** The locks that Governance documents put on one resource. */
export function governanceLocks(
  governance: readonly Governance[],
  kind: string,
  name: string,
): Lock[] {
  return governance.flatMap(({ by, id, rules }) => rules
    .filter(rule => rule.kind === kind && (rule.name === undefined || rule.name.test(name)))
    .flatMap(rule => rule.paths.map(path => ({
      pointer: path.pointer,
      by,
      declared: `/spec/rules/${rule.index}/paths/${path.index}`,
      governance: { id, ...(rule.reason === undefined ? {} : { reason: rule.reason }) },
    }))))
}

function namePattern(pattern: string): RegExp {
  const source = pattern.split('*').map(part => part.replace(/[.+?^${}()|[\]\\-]/g, '\\$&')).join('.*')
  return new RegExp(`^${source}$`)
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
