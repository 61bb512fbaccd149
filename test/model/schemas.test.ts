import { existsSync } from 'node:fs'

import type { ValidateFunction } from 'ajv'
import { describe, expect, it } from 'vitest'

import { validateProjectFile, validateResource } from '../../src/check/schema.js'
import { bundleRef, createAjv, createBundledAjv } from '../../src/model/ajv-setup.js'
import { API_VERSION, KIND_NAMES, KINDS } from '../../src/model/kinds.js'
import { readSchema, schemaDir, schemaFileList, schemaId } from '../../src/model/schema-files.js'
import {
  acmeDocuments,
  acmeProject,
  allKindExamples,
  allSchemas,
  kindExample,
  kindSchema,
  walkSchema,
} from './schema-fixtures.js'

/** A oneOf whose every branch (a local $ref) is itself closed. */
function closedBranches(schema: Record<string, unknown>, branches: unknown): boolean {
  if (!Array.isArray(branches)) return false

  const defs = schema.$defs as Record<string, { additionalProperties?: unknown }>
  return branches.every((branch: { $ref?: string }) =>
    branch.$ref?.startsWith('#/$defs/') && defs[branch.$ref.slice(8)]?.additionalProperties === false)
}

describe('the schema files', () => {
  it('compile in ajv strict mode, one by one and bundled', () => {
    const ajv = createAjv()
    const bundled = createBundledAjv()

    for (const file of schemaFileList()) {
      expect(() => ajv.getSchema(schemaId(file)), file).not.toThrow()
      expect(ajv.getSchema(schemaId(file)), file).toBeTypeOf('function')
      expect(bundled.getSchema(bundleRef(file)), file).toBeTypeOf('function')
    }
  })

  it('are draft 2020-12 with an omsctl.dev $id matching their path', () => {
    for (const [file, schema] of allSchemas()) {
      expect(schema.$schema, file).toBe('https://json-schema.org/draft/2020-12/schema')
      expect(schema.$id, file).toBe(schemaId(file))
    }
  })

  it('describe every property', () => {
    const missing: string[] = []

    for (const [file, schema] of allSchemas()) {
      for (const { node, pointer, key } of walkSchema(schema)) {
        // Conditions (`if`) only test values; they declare nothing a user writes.
        const inCondition = pointer.includes('/if/')
        if (key === 'properties' && !inCondition && typeof node.description !== 'string') {
          missing.push(`${file}#${pointer}`)
        }
      }
    }

    expect(missing).toEqual([])
  })

  it('close every object', () => {
    const open: string[] = []

    for (const [file, schema] of allSchemas()) {
      for (const { node, pointer } of walkSchema(schema)) {
        const closed = node.additionalProperties !== undefined
          || node.unevaluatedProperties === false
          || closedBranches(schema, node.oneOf)
        if (node.type === 'object' && !closed) open.push(`${file}#${pointer}`)
      }
    }

    expect(open).toEqual([])
  })

  it('reference secrets only through the secretRef definition', () => {
    const secretLike = /secret|password|credential|^key$|apikey|token$/i
    const offenders: string[] = []
    const secretFields: string[] = []

    for (const [file, schema] of allSchemas()) {
      for (const { node, pointer, key } of walkSchema(schema)) {
        const name = pointer.split('/').at(-1) ?? ''
        const isSecretRef = typeof node.$ref === 'string' && node.$ref.endsWith('$defs/secretRef')
        if (isSecretRef) secretFields.push(`${file}#${pointer}`)
        if (key === 'properties' && secretLike.test(name) && !isSecretRef && name !== 'secretRef') {
          offenders.push(`${file}#${pointer}`)
        }
      }
    }

    expect(offenders).toEqual([])
    expect(secretFields).toEqual([
      'kinds/audit-policy.schema.json#/$defs/spec/properties/export/properties/credentials',
      'kinds/integration.schema.json#/$defs/oauth2ClientCredentials/properties/clientSecret',
      'kinds/integration.schema.json#/$defs/apiKey/properties/key',
      'kinds/integration.schema.json#/$defs/basic/properties/password',
      'kinds/webhook.schema.json#/$defs/spec/properties/signingSecret',
    ])
  })

  it('declare merge keys that name a required field of the list items', () => {
    const problems: string[] = []

    for (const [file, schema] of allSchemas()) {
      for (const { node, pointer } of walkSchema(schema)) {
        const key = node['x-omsctl-merge-key']
        if (key === undefined) continue

        const items = node.items as { $ref?: string, required?: string[] } | undefined
        const itemSchema = items?.$ref?.startsWith('#/$defs/')
          ? (schema.$defs as Record<string, { required?: string[] }>)[items.$ref.slice(8)]
          : items
        if (node.type !== 'array' || !itemSchema?.required?.includes(key as string)) {
          problems.push(`${file}#${pointer}`)
        }
      }
    }

    expect(problems).toEqual([])
  })

  it('list every canonical order field as a possible mapping target', () => {
    const order = readSchema('canonical-order.schema.json')
    const fields = (order.$defs as { field: { enum: string[] } }).field.enum

    expect([...fields].sort()).toEqual(Object.keys(order.properties as object).sort())
  })
})

describe('the kind registry', () => {
  it('names one schema file per kind, titled with the kind and fixing the kind', () => {
    for (const kind of KIND_NAMES) {
      const schema = kindSchema(kind)
      const properties = schema.properties as { kind: { const: string } }

      expect(existsSync(new URL(KINDS[kind].schemaFile, schemaDir)), kind).toBe(true)
      expect(schema.title).toBe(kind)
      expect(properties.kind.const).toBe(kind)
    }
  })

  it('dispatches every kind, and only those, from the document schema', () => {
    const document = readSchema('document.schema.json')
    const kinds = (document.properties as { kind: { enum: string[] } }).kind.enum
    const dispatched = (document.allOf as { then: { $ref: string } }[]).map(rule => rule.then.$ref)

    expect(kinds).toEqual([...KIND_NAMES])
    expect(dispatched).toEqual(KIND_NAMES.map(kind => KINDS[kind].schemaFile))
  })

  it('marks exactly the audit, encryption and retention policies as protected', () => {
    const protectedKinds = KIND_NAMES.filter(kind => KINDS[kind].protected)

    expect(protectedKinds).toEqual(['AuditPolicy', 'EncryptionPolicy', 'RetentionPolicy'])
    expect(API_VERSION).toBe('omsctl.dev/v1')
  })
})

describe('examples', () => {
  it.each(allKindExamples())('the %s schema example is valid', (kind, example) => {
    expect(example.kind).toBe(kind)
    expect(validateResource(example)).toEqual([])
  })

  it('every document of examples/acme is valid and every kind is used', () => {
    const documents = acmeDocuments()
    const problems = documents.flatMap(({ file, value }) =>
      validateResource(value).map(issue => ({ file, name: value.metadata, ...issue })))
    const kinds = new Set(documents.map(({ value }) => value.kind))

    expect(problems).toEqual([])
    expect([...kinds].sort()).toEqual([...KIND_NAMES].sort())
  })

  it('validate through the kind-dispatching document schema too (editors, ajv-cli)', () => {
    const schema = schemaId('document.schema.json')
    const validateDocument = createAjv().getSchema(schema) as ValidateFunction | undefined
    const broken = { ...kindExample('Webhook'), spec: { url: 'https://x.example' } }

    expect(acmeDocuments().every(({ value }) => validateDocument?.(value))).toBe(true)
    expect(validateDocument?.(broken)).toBe(false)
    expect(validateDocument?.({ ...broken, kind: 'Webhok' })).toBe(false)
  })

  it('the acme project file and the project schema example are valid', () => {
    const example = (readSchema('project.schema.json').examples as unknown[])[0]

    expect(validateProjectFile(acmeProject())).toEqual([])
    expect(validateProjectFile(example)).toEqual([])
  })
})
