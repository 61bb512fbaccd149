// Tables the rules keep for speed, checked against the schemas they come from.
import { describe, expect, it } from 'vitest'

import { KIND_NAMES, KINDS } from '../../src/model/kinds.js'
import { readSchema, type JsonSchema } from '../../src/model/schema-files.js'
import { CANONICAL_REQUIRED } from '../../src/rules/channel-rules.js'
import { CODE_FIELDS } from '../../src/rules/code-fields.js'
import { SETTINGS } from '../../src/rules/settings.js'

const CODE_FORMATS: Record<string, string> = {
  'iana-timezone': 'timezone', 'iso4217': 'currency', 'iso3166-alpha2': 'country', 'bcp47': 'locale',
}

/** `path code` for every field of a schema whose format is a code, `*` for items. */
function codeFields(file: string): string[] {
  const found = new Set<string>()
  const seen = new Set<string>()
  const walk = (schema: unknown, base: string, path: string): void => {
    if (schema === null || typeof schema !== 'object') return

    const node = schema as JsonSchema
    if (typeof node.$ref === 'string') {
      const [target = '', fragment = ''] = node.$ref.split('#')
      const targetFile = target === '' ? base : target.replace(/^\.\.\//, '')
      const key = `${targetFile}#${fragment}@${path}`
      if (!seen.has(key)) {
        seen.add(key)
        let resolved: unknown = readSchema(targetFile)
        for (const segment of fragment.split('/').filter(Boolean)) resolved = (resolved as JsonSchema)[segment]
        walk(resolved, targetFile, path)
      }
    }

    if (typeof node.format === 'string' && CODE_FORMATS[node.format]) found.add(`${path} ${CODE_FORMATS[node.format]}`)
    for (const [name, child] of Object.entries((node.properties ?? {}) as JsonSchema)) walk(child, base, `${path}/${name}`)
    if (node.items) walk(node.items, base, `${path}/*`)
    if (typeof node.additionalProperties === 'object') walk(node.additionalProperties, base, `${path}/*`)
    for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
      for (const branch of (node[keyword] ?? []) as unknown[]) walk(branch, base, path)
    }

    if (node.then) walk(node.then, base, path)
  }

  walk(readSchema(file), file, '')
  return [...found].sort()
}

describe('tables kept beside the schemas', () => {
  it.each(KIND_NAMES)('CODE_FIELDS holds every code field of %s', (kind) => {
    const listed = (CODE_FIELDS[kind] ?? []).map(field => `${field.path} ${field.code}`).sort()

    expect(listed).toEqual(codeFields(KINDS[kind].schemaFile))
  })

  it('CANONICAL_REQUIRED is what the canonical order schema requires', () => {
    expect([...CANONICAL_REQUIRED]).toEqual(readSchema('canonical-order.schema.json').required)
  })

  it('the project schema documents the defaults the rules use', () => {
    const defs = readSchema('project.schema.json').$defs as Record<string, JsonSchema>
    const sections = { thresholds: defs.ruleThresholds!, allow: defs.ruleAllowLists! }

    for (const setting of SETTINGS) {
      const properties = sections[setting.section].properties as Record<string, JsonSchema>
      const property = properties[setting.name]
      expect(property?.default, `${setting.section}.${setting.name}`).toEqual(setting.default)
    }

    const described = Object.values(sections)
      .flatMap(section => Object.keys(section.properties as object))
    expect(described.sort()).toEqual(SETTINGS.map(setting => setting.name).sort())
  })
})
