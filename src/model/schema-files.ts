/**
 * Reading the JSON Schemas from the package's `schemas/` folder. Only build scripts, tests and
 * the `schema` command read them at run time; validation uses the precompiled module.
 */
import { readFileSync } from 'node:fs'

import { KIND_NAMES, KINDS } from './kinds.js'

export const SCHEMA_BASE = 'https://omsctl.dev/schemas/'

export const SCHEMA_FILES = {
  common: 'common.schema.json',
  canonicalOrder: 'canonical-order.schema.json',
  project: 'project.schema.json',
  document: 'document.schema.json',
} as const

/** The folder holding the schemas: two levels above this file in both src/ and dist/. */
export const schemaDir = new URL('../../schemas/', import.meta.url)

export type JsonSchema = Record<string, unknown>

export function readSchema(file: string): JsonSchema {
  return JSON.parse(readFileSync(new URL(file, schemaDir), 'utf8')) as JsonSchema
}

/** Every schema file, relative to `schemas/`, common definitions first. */
export function schemaFileList(): string[] {
  return [
    SCHEMA_FILES.common,
    SCHEMA_FILES.canonicalOrder,
    ...KIND_NAMES.map(name => KINDS[name].schemaFile),
    SCHEMA_FILES.project,
    SCHEMA_FILES.document,
  ]
}

export function schemaId(file: string): string {
  return SCHEMA_BASE + file
}
