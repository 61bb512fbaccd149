/**
 * The one ajv configuration of the project. The build script compiles the standalone
 * validators with it and the tests compile the schemas with it in strict mode, so both see
 * the same keywords and formats.
 */
import { Ajv2020, type Options } from 'ajv/dist/2020.js'

import { formats } from './formats.js'
import { type JsonSchema, readSchema, schemaFileList, SCHEMA_BASE } from './schema-files.js'

/** Annotation keyword: the key by which the layering merges the items of a list. */
export const MERGE_KEY_KEYWORD = 'x-omsctl-merge-key'

/** Id of the compound schema that embeds every schema file (see `createBundledAjv`). */
export const BUNDLE_ID = `${SCHEMA_BASE}bundle.json`

/** Keywords for people and editors only; the compiled validators do not need them. */
const DOCUMENTATION_KEYWORDS = new Set(['description', 'examples', '$comment'])

export interface AjvSetup extends Options {
  /** false drops descriptions and examples, which the standalone module would embed. */
  withDocumentation?: boolean
}

function newAjv(options: Options): Ajv2020 {
  const ajv = new Ajv2020({
    strict: true,
    allErrors: true,
    discriminator: true,
    formats,
    ...options,
  })
  ajv.addKeyword({ keyword: MERGE_KEY_KEYWORD, schemaType: 'string' })
  return ajv
}

/** Every schema file added on its own, as editors and other validators see them. */
export function createAjv(options: AjvSetup = {}): Ajv2020 {
  const { withDocumentation = true, ...ajvOptions } = options
  const ajv = newAjv(ajvOptions)

  for (const file of schemaFileList()) {
    const schema = readSchema(file)
    ajv.addSchema(withDocumentation ? schema : stripDocumentation(schema))
  }

  return ajv
}

/**
 * Every schema file embedded in one compound schema (`$defs` keyed by file name). ajv compiles
 * a `$ref` to another file's fragment once per referencing root; under one root the shared
 * definitions (metadata, retry policy) are compiled once, which makes the standalone module
 * a third smaller.
 */
export function createBundledAjv(options: AjvSetup = {}): Ajv2020 {
  const { withDocumentation = true, ...ajvOptions } = options
  const ajv = newAjv(ajvOptions)
  const $defs: Record<string, JsonSchema> = {}

  for (const file of schemaFileList()) {
    const { $schema: _dialect, ...schema } = readSchema(file)
    $defs[file] = withDocumentation ? schema : stripDocumentation(schema)
  }

  ajv.addSchema({ $id: BUNDLE_ID, $defs })
  return ajv
}

/** The reference to a schema file inside the bundle. */
export function bundleRef(file: string): string {
  return `${BUNDLE_ID}#/$defs/${file.replaceAll('~', '~0').replaceAll('/', '~1')}`
}

function stripDocumentation(schema: JsonSchema): JsonSchema {
  return withoutDocumentation(schema) as JsonSchema
}

function withoutDocumentation(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map(item => withoutDocumentation(item))
  if (value === null || typeof value !== 'object') return value

  // Under `properties` the keys are field names, which may well be called "description".
  const inProperties = key === 'properties'
  const entries = Object.entries(value)
    .filter(([name]) => inProperties || !DOCUMENTATION_KEYWORDS.has(name))
    .map(([name, child]) => [name, withoutDocumentation(child, inProperties ? undefined : name)])
  return Object.fromEntries(entries)
}
