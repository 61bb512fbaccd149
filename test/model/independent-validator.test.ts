// The schemas are standard JSON Schema 2020-12, not ajv dialect: a second, independent
// implementation (@cfworker/json-schema) accepts and rejects the same documents.
import { Validator } from '@cfworker/json-schema'
import { describe, expect, it } from 'vitest'

import { validateProjectFile, validateResource } from '../../src/check/schema.js'
import { readSchema } from '../../src/model/schema-files.js'
import {
  acmeDocuments,
  acmeProject,
  allKindExamples,
  allSchemas,
  changed,
  REMOVE,
} from './schema-fixtures.js'

function independentValidator(rootFile: string): Validator {
  const validator = new Validator(readSchema(rootFile), '2020-12', false)

  for (const [file, schema] of allSchemas()) {
    if (file !== rootFile) validator.addSchema(schema)
  }

  return validator
}

const documents = independentValidator('document.schema.json')
const projects = independentValidator('project.schema.json')

function errorsOf(validator: Validator, value: unknown): string[] {
  return validator.validate(value).errors.map(error => `${error.instanceLocation} ${error.error}`)
}

describe('@cfworker/json-schema', () => {
  it.each(allKindExamples())('accepts the %s example', (_kind, example) => {
    expect(errorsOf(documents, example)).toEqual([])
  })

  it('accepts every acme document and the acme project file', () => {
    const rejected = acmeDocuments()
      .map(({ file, value }) => ({ file, errors: errorsOf(documents, value) }))
      .filter(({ errors }) => errors.length > 0)

    expect(rejected).toEqual([])
    expect(errorsOf(projects, acmeProject())).toEqual([])
  })

  it.each([
    ['an unknown field', changed('Integration', '/spec/timeoutSecond', 30)],
    ['a missing required field', changed('Integration', '/spec/baseUrl', REMOVE)],
    ['a literal secret', changed('Integration', '/spec/auth/clientSecret', 's3cr3t-value')],
    ['an http:// base URL', changed('Integration', '/spec/baseUrl', 'http://erp.acme.example')],
    ['a value outside the enum', changed('Integration', '/spec/type', 'mainframe')],
    ['an unknown kind', changed('Role', '/kind', 'Rol')],
    ['a bad resource name', changed('Integration', '/metadata/name', 'Sap ERP')],
  ])('rejects %s, as omsctl does', (_case, document) => {
    expect(errorsOf(documents, document)).not.toEqual([])
    expect(validateResource(document)).not.toEqual([])
  })

  it('rejects a project file with a token in place of its variable name, as omsctl does', () => {
    const project = acmeProject() as { spec: { environments: { tokenEnv: string }[] } }
    const environment = project.spec.environments[0]
    if (environment) environment.tokenEnv = 'ghp_live_token_value'

    expect(errorsOf(projects, project)).not.toEqual([])
    expect(validateProjectFile(project)).not.toEqual([])
  })
})
