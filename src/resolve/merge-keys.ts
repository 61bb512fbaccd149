import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { schemasDir } from '../cli/package-files.js'
import { KINDS, type KindName } from '../model/kinds.js'

/** The annotation by which a kind's schema says how layers merge one of its lists. */
export const MERGE_KEY = 'x-omsctl-merge-key'

type Schema = Record<string, unknown>

/**
 * For each kind, the lists that layers merge item by item, as schema paths (`*` for list
 * items) mapped to the key that identifies an item. Read from the schemas, so adding a
 * merge key is a schema change only.
 */
export function mergeKeysByKind(): Map<string, Map<string, string>> {
  const byKind = new Map<string, Map<string, string>>()
  const files = new Map<string, Schema>()
  const load = (file: string): Schema => {
    let schema = files.get(file)
    if (!schema) {
      schema = JSON.parse(readFileSync(join(schemasDir, file), 'utf8')) as Schema
      files.set(file, schema)
    }

    return schema
  }

  for (const name of Object.keys(KINDS) as KindName[]) {
    const keys = new Map<string, string>()
    const file = KINDS[name].schemaFile
    collect(load(file), file, '', keys, load, new Set())
    byKind.set(name, keys)
  }

  return byKind
}

function collect(
  schema: Schema, file: string, path: string, keys: Map<string, string>,
  load: (file: string) => Schema, visiting: Set<string>,
): void {
  const reference = schema.$ref
  if (typeof reference === 'string') {
    const [target, fragment = ''] = reference.split('#')
    const targetFile = target ? join(file, '..', target).replace(/\\/g, '/') : file
    const marker = `${targetFile}#${fragment}|${path}`
    if (visiting.has(marker)) return

    visiting.add(marker)
    collect(resolvePointer(load(targetFile), fragment), targetFile, path, keys, load, visiting)
    visiting.delete(marker)
  }

  if (typeof schema[MERGE_KEY] === 'string') keys.set(path, schema[MERGE_KEY])

  const properties = schema.properties as Record<string, Schema> | undefined
  for (const [key, child] of Object.entries(properties ?? {})) {
    collect(child, file, `${path}/${key}`, keys, load, visiting)
  }

  if (isSchema(schema.items)) collect(schema.items, file, `${path}/*`, keys, load, visiting)
  if (isSchema(schema.additionalProperties)) {
    collect(schema.additionalProperties, file, `${path}/*`, keys, load, visiting)
  }

  for (const combinator of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = schema[combinator]
    if (!Array.isArray(list)) continue

    for (const child of list as Schema[]) collect(child, file, path, keys, load, visiting)
  }
}

function resolvePointer(schema: Schema, fragment: string): Schema {
  let node: unknown = schema
  for (const part of fragment.split('/').filter(Boolean)) {
    node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')]
  }

  return isSchema(node) ? node : {}
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
