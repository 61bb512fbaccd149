// Shared inputs of the model tests: the schema files, each kind's example and the acme
// example repository, read the way a user's editor or another validator would read them.
import { readdirSync, readFileSync } from 'node:fs'

import { parseAllDocuments } from 'yaml'

import { KIND_NAMES, KINDS, type KindName } from '../../src/model/kinds.js'
import { type JsonSchema, readSchema, schemaFileList } from '../../src/model/schema-files.js'

export const acmeDir = new URL('../../examples/acme/', import.meta.url)

export interface AcmeDocument {
  file: string
  value: Record<string, unknown>
}

export function allSchemas(): Map<string, JsonSchema> {
  return new Map(schemaFileList().map(file => [file, readSchema(file)]))
}

export function kindSchema(kind: KindName): JsonSchema {
  return readSchema(KINDS[kind].schemaFile)
}

/** The single complete example every kind schema carries. */
export function kindExample(kind: KindName): Record<string, unknown> {
  const examples = kindSchema(kind).examples as Record<string, unknown>[]
  return structuredClone(examples[0] ?? {})
}

export function allKindExamples(): [KindName, Record<string, unknown>][] {
  return KIND_NAMES.map(kind => [kind, kindExample(kind)])
}

function readYamlDocuments(file: URL, name: string): AcmeDocument[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map(document => ({
    file: name,
    value: document.toJS() as Record<string, unknown>,
  }))
}

/**
 * Every complete document of examples/acme: the first definition of each Kind/name, layer
 * by layer from global up. Overrides in higher layers are partial and valid only merged.
 */
export function acmeDocuments(): AcmeDocument[] {
  const files = ['global', 'regions', 'tenants'].flatMap(layer =>
    readdirSync(new URL(`${layer}/`, acmeDir), { recursive: true, encoding: 'utf8' })
      .filter(name => name.endsWith('.yaml'))
      .sort()
      .map(name => `${layer}/${name.replace(/\\/g, '/')}`))
  const seen = new Set<string>()
  return files
    .flatMap(name => readYamlDocuments(new URL(name, acmeDir), name))
    .filter((document) => {
      const metadata = document.value.metadata as { name?: string } | undefined
      const id = `${String(document.value.kind)}/${metadata?.name ?? ''}`
      if (seen.has(id)) return false

      seen.add(id)
      return true
    })
}

export function acmeProject(): Record<string, unknown> {
  const [project] = readYamlDocuments(new URL('omsctl.yaml', acmeDir), 'omsctl.yaml')
  return project?.value ?? {}
}

/** Every subschema of a schema with its JSON pointer and the key it sits under. */
export function* walkSchema(
  node: unknown,
  pointer = '',
  key?: string,
): Generator<{ node: Record<string, unknown>, pointer: string, key: string | undefined }> {
  if (node === null || typeof node !== 'object') return

  if (Array.isArray(node)) {
    for (const [index, item] of node.entries()) yield* walkSchema(item, `${pointer}/${index}`, key)
    return
  }

  const record = node as Record<string, unknown>
  yield { node: record, pointer, key }

  for (const [name, child] of Object.entries(record)) {
    if (name === 'examples' || name === 'enum' || name === 'const') continue
    if (name === 'properties' || name === '$defs') {
      for (const [property, schema] of Object.entries(child as Record<string, unknown>)) {
        yield* walkSchema(schema, `${pointer}/${name}/${property}`, name)
      }

      continue
    }

    yield* walkSchema(child, `${pointer}/${name}`, name)
  }
}

/** Marks a field for removal in `changed`. */
export const REMOVE = Symbol('remove')

/** The example of a kind with the value at `pointer` replaced (or removed with REMOVE). */
export function changed(kind: KindName, pointer: string, value: unknown): Record<string, unknown> {
  const document = kindExample(kind)
  const segments = pointer.split('/').slice(1).map(s => s.replaceAll('~1', '/').replaceAll('~0', '~'))
  const last = segments.pop() ?? ''
  let parent: Record<string, unknown> = document

  for (const segment of segments) {
    const child = parent[segment]
    if (child === null || typeof child !== 'object') throw new Error(`no ${segment} in ${pointer}`)
    parent = child as Record<string, unknown>
  }

  if (value === REMOVE) delete parent[last]
  else parent[last] = value
  return document
}
