import type { LoadedDocument, Resource } from '../load/document.js'
import { isKindName, KINDS } from '../model/kinds.js'
import type { RawDocument } from '../load/raw-document.js'
import type { LayerInstance } from '../resolve/layers.js'
import { effectiveOrigin } from '../resolve/origin.js'
import type { ResolvedDocument, Resolver } from '../resolve/resolver.js'
import type { Finding } from './finding.js'
import { validateResource } from './schema.js'

export interface CheckedTarget {
  /**
   * The resources that passed every check, as the API will receive them: without the kinds
   * that govern the repository (Governance), which never leave it.
   */
  documents: LoadedDocument[]
  findings: Finding[]
  /** The same documents resolved, governance metadata included: what the rule pack reads. */
  valid: ResolvedDocument[]
  /** Kinds of which at least one document failed its schema in this target. */
  invalidKinds: Set<string>
}

interface Checked {
  document: LoadedDocument | undefined
  findings: Finding[]
}

/** Fields of metadata that govern the repository and never go to the live system. */
const governanceFields = ['locked', 'deleted', 'waivers'] as const

/**
 * Checks resolved documents against their schemas, reporting each problem at the layer and
 * line that set the offending value. Results are kept per distinct merge, so a document that
 * four hundred targets inherit is checked once.
 */
export class Checker {
  private readonly memo = new Map<string, Checked>()

  constructor(private readonly resolver: Resolver) {}

  /** Documents with no kind or name take part in no target; their schema problems still count. */
  checkUnnamed(): Finding[] {
    return this.resolver.unnamed.flatMap(document => schemaFindings(document))
  }

  checkTarget(instances: readonly LayerInstance[]): CheckedTarget {
    const resolution = this.resolver.resolve(instances)
    const documents: LoadedDocument[] = []
    const valid: ResolvedDocument[] = []
    const invalidKinds = new Set<string>()
    const findings = [...resolution.findings]
    for (const resolved of resolution.documents) {
      const checked = this.check(resolved)
      findings.push(...checked.findings)
      if (checked.document) {
        if (isLive(resolved.kind)) documents.push(checked.document)
        valid.push(resolved)
      } else {
        invalidKinds.add(resolved.kind)
      }
    }

    return { documents, findings, valid, invalidKinds }
  }

  private check(resolved: ResolvedDocument): Checked {
    const cached = this.memo.get(resolved.key)
    if (cached) return cached

    const mergeKeys = this.resolver.keysOf(resolved.kind)
    const findings: Finding[] = validateResource(resolved.value).map(({ pointer, ...issue }) => {
      const origin = resolved.merged.contributions.length === 1
        ? { contribution: resolved.merged.contributions[0]!, pointer }
        : effectiveOrigin(resolved, pointer, mergeKeys)
      return {
        ...issue,
        severity: 'error' as const,
        source: origin.contribution.document.source,
        pointer: origin.pointer,
        resource: resolved.id,
        ...(isUnknownField(issue.rule) ? { at: 'key' as const } : {}),
      }
    })

    const checked: Checked = {
      document: findings.length === 0 ? toLoadedDocument(resolved) : undefined,
      findings,
    }
    this.memo.set(resolved.key, checked)
    return checked
  }
}

function schemaFindings(document: RawDocument): Finding[] {
  return validateResource(document.value).map(({ pointer, ...issue }) => ({
    ...issue,
    severity: 'error' as const,
    source: document.source,
    pointer,
    ...(isUnknownField(issue.rule) ? { at: 'key' as const } : {}),
  }))
}

function isLive(kind: string): boolean {
  return isKindName(kind) && KINDS[kind].live
}

function isUnknownField(rule: string): boolean {
  return rule === 'schema/additionalProperties' || rule === 'schema/unevaluatedProperties'
}

function toLoadedDocument(resolved: ResolvedDocument): LoadedDocument {
  const value = resolved.value as unknown as Resource
  const governed = governanceFields.some(field => value.metadata[field] !== undefined)
  const metadata = governed ? { ...value.metadata } : value.metadata
  if (governed) for (const field of governanceFields) delete metadata[field]

  const top = resolved.merged.contributions[resolved.merged.contributions.length - 1]!
  return {
    id: resolved.id,
    resource: governed ? { ...value, metadata } : value,
    source: top.document.source,
  }
}
