import path from 'node:path'

import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { OpenAPIBackend, SetMatchType } from 'openapi-backend'

import { repoRoot } from './cli.js'

/** Formats of the kind schemas that ajv-formats does not know; their values pass unchecked. */
const DOMAIN_FORMATS = ['iso4217', 'iso3166-alpha2', 'bcp47', 'iana-timezone', 'json']

let loaded: Promise<OpenAPIBackend> | undefined

/**
 * schemas/openapi.yaml, loaded by openapi-backend (a third-party OpenAPI 3.1 router and
 * validator), with ajv's draft 2020-12 dialect as OpenAPI 3.1 requires.
 */
export function contract(): Promise<OpenAPIBackend> {
  loaded ??= (async () => {
    // First pass: resolve the $refs (the kind schemas, common.schema.json). openapi-backend's
    // cycle guard turns every object seen twice into a $ref, shared ones included, so the
    // resolved document is copied through JSON before the second pass validates with it.
    const resolver = new OpenAPIBackend({
      definition: path.join(repoRoot, 'schemas/openapi.yaml'), quick: true, strict: true, validate: false,
    })
    await resolver.init()
    const definition = JSON.parse(JSON.stringify(resolver.definition)) as typeof resolver.definition

    // quick skips openapi-backend's check of the document itself, which only knows OpenAPI
    // 3.0; Redocly lints the document (openapi-lint.test.ts). Responses are still validated.
    const api = new OpenAPIBackend({
      definition,
      quick: true,
      strict: true,
      validate: true,
      customizeAjv: (_ajv, options) => {
        const ajv = new Ajv2020({ ...options, strict: false, allErrors: true })
        addFormats.default(ajv)
        for (const format of DOMAIN_FORMATS) ajv.addFormat(format, true)
        return ajv
      },
    })
    await api.init()
    return api
  })()
  return loaded
}

export interface ContractResponse {
  method: string
  path: string
  query: Record<string, string>
  status: number
  headers: Record<string, string>
  body: unknown
}

/** Problems of one response against the contract; empty when it conforms. */
export async function contractProblems(response: ContractResponse): Promise<string[]> {
  const api = await contract()
  const operation = api.router.matchOperation({
    method: response.method, path: response.path, query: response.query, headers: {},
  })
  if (!operation) return [`no operation in openapi.yaml for ${response.method} ${response.path}`]

  const documented = Object.keys(operation.responses ?? {})
  if (!documented.includes(String(response.status))) {
    return [`${operation.operationId ?? '?'} does not document status ${response.status}`]
  }

  if (response.status === 204) {
    return response.body === undefined ? [] : ['204 with a body']
  }

  const result = api.validator.validateResponse(response.body, operation, response.status)
  const problems = (result.errors ?? []).map(error =>
    `${operation.operationId ?? '?'} ${response.status}: ${error.instancePath} ${error.message ?? ''}`)

  const headers = api.validator.validateResponseHeaders(response.headers, operation, {
    statusCode: response.status, setMatchType: SetMatchType.Superset,
  })
  for (const error of headers.errors ?? []) {
    problems.push(`${operation.operationId ?? '?'} ${response.status} headers: `
      + `${error.instancePath} ${error.message ?? ''}`)
  }

  return problems
}
