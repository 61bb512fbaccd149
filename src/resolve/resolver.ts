import type { Finding } from '../check/finding.js'
import type { LoadedProject } from '../load/load-project.js'
import type { ProjectConfig } from '../load/project-config.js'
import { type RawDocument, rawId } from '../load/raw-document.js'
import {
  GOVERNANCE_KIND, type Governance, governanceLocks, isGovernance, readGovernance,
} from './governance.js'
import {
  declaredLayers, type KnownValues, knownValues, type Layer, type LayerInstance, placeFile,
  targetInstances,
} from './layers.js'
import {
  type Contribution, type Describe, emptyMerge, type Merged, mergeContributions,
} from './merge.js'
import { mergeKeysByKind } from './merge-keys.js'
import type { Target } from './target.js'
import { tenantRegionFinding } from './tenant-region.js'

/** One resource of one target after layering, with what it was made of. */
export interface ResolvedDocument {
  id: string
  kind: string
  value: Record<string, unknown>
  merged: Merged
  /** Identifies the exact set of contributions; targets that share it share the result. */
  key: string
}

export interface Resolution {
  documents: ResolvedDocument[]
  /** Lock violations and tombstone notes met while merging this target. */
  findings: Finding[]
}

interface Placed {
  instance: LayerInstance
  documents: RawDocument[]
  ids: Map<string, RawDocument>
}

/**
 * Builds each target's desired state from the layers. Every document is placed in its layer
 * instance once; a merge is computed once per distinct set of contributions, so resources
 * that many targets inherit unchanged cost the same as one.
 */
export class Resolver {
  readonly layers: Layer[]
  /** Documents outside every layer, and duplicates within one layer instance. */
  readonly findings: Finding[] = []
  /**
   * Documents without a kind or name, and Governance documents outside the lowest layer: they
   * take part in no merge, only in the schema check.
   */
  readonly unnamed: RawDocument[] = []
  private readonly known: KnownValues
  private readonly config: ProjectConfig
  private readonly instances = new Map<string, Placed>()
  /** The Governance documents of each instance of the lowest layer. */
  private readonly governance = new Map<string, Governance[]>()
  private readonly merges = new Map<string, ResolvedDocument | undefined>()
  private mergeKeys: Map<string, Map<string, string>> | undefined

  private readonly describe: Describe

  constructor(project: LoadedProject) {
    this.describe = ({ document }, pointer) => {
      const { file, index, line } = document.source
      const position = project.locator.locate(file, index, pointer, { line, column: 1 })
      return `${file}:${position.line}`
    }

    this.config = project.config
    this.layers = declaredLayers(project.config)
    this.known = knownValues(project.config)
    for (const document of project.documents) this.place(document)
  }

  /** The instances a target is made of, lowest first. */
  instancesOf(target: Target): LayerInstance[] {
    return targetInstances(this.layers, target)
  }

  /** The layers that need no placeholder, for projects that declare no target at all. */
  sharedInstances(): LayerInstance[] {
    return [...this.instances.values()].map(placed => placed.instance)
      .filter(instance => instance.layer.placeholders.length === 0)
  }

  resolve(instances: readonly LayerInstance[]): Resolution {
    const governance = instances.flatMap(instance =>
      this.governance.get(instanceKey(instance.layer, instance.folder)) ?? [])
    const byId = new Map<string, Contribution[]>()
    for (const instance of instances) {
      const placed = this.instances.get(instanceKey(instance.layer, instance.folder))
      for (const document of placed?.documents ?? []) {
        const id = rawId(document)!
        const list = byId.get(id)
        if (list) list.push({ document, instance })
        else byId.set(id, [{ document, instance }])
      }
    }

    const documents: ResolvedDocument[] = []
    const findings: Finding[] = []
    for (const [id, contributions] of byId) {
      const resolved = this.merge(id, contributions, governance)
      if (resolved?.merged.findings.length) findings.push(...resolved.merged.findings)
      if (resolved?.value) documents.push(resolved)
    }

    return { documents, findings }
  }

  private merge(
    id: string,
    contributions: Contribution[],
    governance: readonly Governance[],
  ): ResolvedDocument | undefined {
    const kind = id.slice(0, id.indexOf('/'))
    const reserved = governance.length === 0
      ? []
      : governanceLocks(governance, kind, id.slice(kind.length + 1))
    const key = [
      ...contributions.map(({ document }) => `${document.source.file}#${document.source.index}`),
      ...new Set(reserved.map(({ by }) => `governed:${by.document.source.file}#${by.document.source.index}`)),
    ].join('|')
    if (this.merges.has(key)) return this.merges.get(key)

    const first = contributions[0]!
    const only = contributions.length === 1 ? first.document.value : undefined
    const isPlain = only !== undefined
      && (only.metadata as Record<string, unknown> | undefined)?.deleted !== true
      && (reserved.length === 0 || first.instance.layer.rank === 0)
    const merged = isPlain
      ? { ...emptyMerge(), value: only, contributions }
      : mergeContributions(contributions, this.keysOf(kind), this.describe, reserved)
    const resolved = merged.value || merged.findings.length > 0
      ? { id, kind, value: merged.value ?? {}, merged, key }
      : undefined
    if (resolved?.merged.value && kind === 'Tenant') {
      const finding = tenantRegionFinding(resolved, this.config, this.keysOf(kind))
      if (finding) resolved.merged.findings.push(finding)
    }

    this.merges.set(key, resolved)
    return resolved
  }

  keysOf(kind: string): Map<string, string> {
    this.mergeKeys ??= mergeKeysByKind()
    return this.mergeKeys.get(kind) ?? new Map<string, string>()
  }

  private place(document: RawDocument): void {
    const { file } = document.source
    const instance = placeFile(file, this.layers, this.known)
    if (!instance) {
      this.findings.push({
        rule: 'layer/unplaced', severity: 'warning',
        message: `${file} is in no layer of omsctl.yaml, so no target uses it`,
        hint: `move it under one of: ${this.layers.map(layer => layer.pattern).join(', ')}`,
        source: document.source, pointer: '',
      })
      return
    }

    if (isGovernance(document) && instance.layer.rank !== 0) {
      this.findings.push({
        rule: 'layer/governance-placement', severity: 'error',
        message: `a ${GOVERNANCE_KIND} document belongs in the lowest layer `
          + `(${this.layers[0]!.pattern}), not in ${instance.folder}: only that layer may reserve fields`,
        hint: `move it to ${this.layers[0]!.pattern}/, or use metadata.locked to lock a field of one document`,
        source: document.source, pointer: '/kind',
      })
      this.unnamed.push(document)
      return
    }

    const key = instanceKey(instance.layer, instance.folder)
    const placed: Placed = this.instances.get(key) ?? { instance, documents: [], ids: new Map() }
    this.instances.set(key, placed)
    const id = rawId(document)
    if (!id) {
      this.unnamed.push(document)
      return
    }

    const earlier = placed.ids.get(id)
    if (earlier) {
      this.findings.push({
        rule: 'name/duplicate', severity: 'error',
        message: instance.folder === '.'
          ? `${id} is defined twice`
          : `${id} is defined twice in layer ${instance.folder}`,
        hint: `first defined at ${earlier.source.file}:${earlier.source.line}; names are unique per kind within a layer`,
        source: document.source, pointer: '/metadata/name', resource: id,
      })
      return
    }

    placed.ids.set(id, document)
    placed.documents.push(document)
    if (isGovernance(document)) {
      const list = this.governance.get(key) ?? []
      list.push(readGovernance(document, instance))
      this.governance.set(key, list)
    }
  }
}

function instanceKey(layer: Layer, folder: string): string {
  return `${layer.rank}:${folder}`
}
