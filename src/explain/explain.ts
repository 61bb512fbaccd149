import { didYouMean } from '../check/did-you-mean.js'
import { UserError } from '../errors.js'
import { blameLines, type LineHistory } from '../git/blame.js'
import { escapePointer } from '../load/guard.js'
import type { LoadedProject } from '../load/load-project.js'
import { splitPointer } from '../load/locate.js'
import { dottedToPointer, pointerToDotted } from '../resolve/merge.js'
import { originsOf } from '../resolve/origin.js'
import { Resolver } from '../resolve/resolver.js'
import type { Target } from '../resolve/target.js'

/** One layer's part in a value: where it was written, by whom, and whether it counts. */
export interface Step {
  layer: string
  file: string
  line: number
  column: number
  effect: 'set' | 'overridden' | 'stopped-by-lock' | 'in-effect'
  /** This layer locks the value against higher layers. */
  locks: boolean
  history?: LineHistory
}

export interface LeafExplanation {
  path: string
  value: unknown
  steps: Step[]
}

export interface Explanation {
  target: string
  resource: string
  path: string
  value: unknown
  leaves: LeafExplanation[]
}

/**
 * Why a resolved value is what it is: for every leaf under `path`, the chain of layers that
 * set it, lowest first, with the git history of each line.
 */
export async function explain(
  project: LoadedProject,
  target: Target,
  resource: string,
  path: string,
  blame: boolean,
): Promise<Explanation> {
  const resolver = new Resolver(project)
  const { documents } = resolver.resolve(resolver.instancesOf(target))
  const document = documents.find(candidate => candidate.id === resource)
  if (!document) {
    const suggestion = didYouMean(resource, documents.map(candidate => candidate.id))
    throw new UserError(`${target.name} has no resource ${resource}`, {
      hint: suggestion ? `did you mean "${suggestion}"?` : 'resources are named Kind/name, for example AuditPolicy/default',
      code: 'unknown_resource',
    })
  }

  const pointer = path === '' ? '' : dottedToPointer(path)
  const value = valueAt(document.value, pointer)
  if (value === undefined) {
    throw new UserError(`${resource} has no value at ${path}`, {
      hint: pathHint(document.value, pointer),
      code: 'unknown_path',
    })
  }

  const mergeKeys = resolver.keysOf(document.kind)
  const locks = [...document.merged.locks, ...document.merged.reserved]
  const leaves = leafPointers(value, pointer).map((leaf) => {
    const origins = originsOf(document, leaf, mergeKeys)
    const effective = origins.filter(origin => !origin.stopped).pop()
    const steps: Step[] = origins.map((origin) => {
      const { source } = origin.contribution.document
      const fallback = { line: source.line, column: 1 }
      const position = project.locator.locate(source.file, source.index, origin.pointer, fallback)
      const { instance } = origin.contribution
      const locking = locks.some(lock => lock.by.instance.layer.rank === instance.layer.rank
        && lock.by.instance.folder === instance.folder && isUnder(leaf, lock.pointer))
      return {
        layer: origin.contribution.instance.folder,
        file: source.file,
        ...position,
        effect: origin.stopped ? 'stopped-by-lock' : origin === effective ? 'in-effect' : 'overridden',
        locks: locking,
      }
    })
    return { path: pointerToDotted(leaf), value: valueAt(document.value, leaf), steps }
  })

  if (blame) await addHistory(project.root, leaves)
  return { target: target.name, resource, path, value, leaves }
}

async function addHistory(root: string, leaves: LeafExplanation[]): Promise<void> {
  const wanted = new Map<string, Set<number>>()
  for (const step of leaves.flatMap(leaf => leaf.steps)) {
    const lines = wanted.get(step.file) ?? new Set()
    lines.add(step.line)
    wanted.set(step.file, lines)
  }

  const history = await blameLines(root, wanted)
  for (const step of leaves.flatMap(leaf => leaf.steps)) {
    const line = history.get(step.file)?.get(step.line)
    if (line) step.history = line
  }
}

/** True when `pointer` is the locked path or inside it; `*` in the lock matches any segment. */
function isUnder(pointer: string, lockPointer: string): boolean {
  const at = pointer.split('/')
  const locked = lockPointer.split('/')
  return locked.length <= at.length
    && locked.every((segment, index) => segment === '*' || segment === at[index])
}

/** What there is under the deepest part of `pointer` that exists, with the likely field. */
function pathHint(root: Record<string, unknown>, pointer: string): string {
  const segments = splitPointer(pointer)
  const exists = (count: number): boolean =>
    valueAt(root, toPointer(segments.slice(0, count))) !== undefined
  let depth = 0
  while (depth < segments.length - 1 && exists(depth + 1)) depth++

  const parent = valueAt(root, toPointer(segments.slice(0, depth)))
  const where = depth === 0 ? 'top-level fields' : `fields under ${segments.slice(0, depth).join('.')}`
  if (Array.isArray(parent)) {
    const name = depth === 0 ? 'the document' : segments.slice(0, depth).join('.')
    return parent.length === 0
      ? `${name} is an empty list`
      : `${name} is a list: use an index from 0 to ${parent.length - 1}`
  }

  if (typeof parent !== 'object' || parent === null) {
    const name = segments.slice(0, depth).join('.')
    return `${name} holds a single value; explain ${name} itself`
  }

  const fields = Object.keys(parent)
  const suggestion = didYouMean(segments[depth]!, fields)
  const list = `${where}: ${fields.join(', ') || 'none'}`
  return suggestion ? `did you mean "${suggestion}"? ${list}` : list
}

function toPointer(segments: readonly string[]): string {
  return segments.map(segment => `/${escapePointer(segment)}`).join('')
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root
  for (const segment of splitPointer(pointer)) {
    if (Array.isArray(node)) node = node[Number(segment)]
    else if (typeof node === 'object' && node !== null) node = (node as Record<string, unknown>)[segment]
    else return undefined
  }

  return node
}

function leafPointers(value: unknown, pointer: string): string[] {
  if (Array.isArray(value)) {
    return value.length === 0 ? [pointer] : value.flatMap((item, index) => leafPointers(item, `${pointer}/${index}`))
  }

  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
    return entries.length === 0
      ? [pointer]
      : entries.flatMap(([key, child]) => leafPointers(child, `${pointer}/${escapePointer(key)}`))
  }

  return [pointer]
}
