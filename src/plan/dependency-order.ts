import type { ComparableResource, PlannedChange } from './plan-types.js'

/**
 * What ordering needs to know about kinds; src/plan/kind-graph.ts builds it from the
 * kinds registry. Kept as an interface so the ordering can be tested on small graphs.
 */
export interface KindGraph {
  isProtected(kind: string): boolean
  /** `Kind/name` ids of the resources this one names in its spec. */
  referencesOf(resource: ComparableResource): string[]
  /** Position of the kind in the registry; ties between independent resources use it. */
  rank(kind: string): number
}

/**
 * Creates and updates come first, each after the resources it refers to (a role before the
 * group that grants it); deletes come last, in the reverse order, so that nothing is
 * removed while something still refers to it.
 */
export function orderChanges(changes: PlannedChange[], graph: KindGraph): PlannedChange[] {
  const writes = changes.filter(change => change.op !== 'delete')
  const deletes = changes.filter(change => change.op === 'delete')

  const writeDepth = depths(writes, change => change.desired, graph)
  const deleteDepth = depths(deletes, change => change.live, graph)

  const byDependency = (depth: Map<string, number>) => (a: PlannedChange, b: PlannedChange) =>
    (depth.get(a.id) ?? 0) - (depth.get(b.id) ?? 0)
    || graph.rank(a.kind) - graph.rank(b.kind)
    || compareText(a.name, b.name)

  writes.sort(byDependency(writeDepth))
  deletes.sort(byDependency(deleteDepth)).reverse()
  return [...writes, ...deletes]
}

/**
 * Longest chain of references below each change, among the changes only (an unchanged
 * resource is already in place). A cycle, which validation reports, is cut where found.
 */
function depths(
  changes: PlannedChange[],
  resourceOf: (change: PlannedChange) => ComparableResource | undefined,
  graph: KindGraph,
): Map<string, number> {
  const byId = new Map(changes.map(change => [change.id, change]))
  const depth = new Map<string, number>()
  const visiting = new Set<string>()

  const visit = (id: string): number => {
    const known = depth.get(id)
    if (known !== undefined) return known
    if (visiting.has(id)) return 0

    visiting.add(id)
    const change = byId.get(id)
    const resource = change === undefined ? undefined : resourceOf(change)
    let deepest = 0
    for (const reference of resource === undefined ? [] : graph.referencesOf(resource)) {
      if (reference !== id && byId.has(reference)) deepest = Math.max(deepest, visit(reference) + 1)
    }

    visiting.delete(id)
    depth.set(id, deepest)
    return deepest
  }

  for (const id of byId.keys()) visit(id)
  return depth
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
