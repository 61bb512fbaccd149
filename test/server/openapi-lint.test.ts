import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

import { execa } from 'execa'
import { load } from 'js-yaml'
import { describe, expect, it } from 'vitest'

import { KINDS } from '../../src/model/kinds.js'
import { repoRoot } from './harness/cli.js'

interface KindBranch {
  then: { properties: { spec: { $ref: string } } }
}

interface OpenApi {
  components: {
    schemas: {
      Kind: { enum: string[] }
      KindSpec: { allOf: KindBranch[] }
      KindSpecWrite: { allOf: KindBranch[] }
      KindSpecRead: { allOf: KindBranch[] }
    }
  }
}

const openapi = load(readFileSync(path.join(repoRoot, 'schemas/openapi.yaml'), 'utf8')) as OpenApi
// kinds that govern the repository (Governance) never reach the API
const kindFiles = readdirSync(path.join(repoRoot, 'schemas/kinds')).filter(file => file.endsWith('.schema.json'))
  .filter(file => Object.values(KINDS).some(kind => kind.live && kind.schemaFile === `kinds/${file}`))

describe('schemas/openapi.yaml', () => {
  it('lints clean with Redocly CLI (recommended rules, no warnings)', async () => {
    const result = await execa('npx', ['redocly', 'lint', 'schemas/openapi.yaml', '--format', 'stylish'], {
      cwd: repoRoot, reject: false, env: { NO_COLOR: '1', REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    })

    const output = String(result.stdout) + String(result.stderr)
    expect(result.exitCode, output).toBe(0)
    expect(output).toContain('Your API description is valid')
    expect(output).not.toMatch(/You have \d+ warnings?/)
  }, 60_000)

  it('names every kind, and checks the spec of each kind that holds no secret by its kind schema', () => {
    const kinds = kindFiles.map(file => (JSON.parse(readFileSync(path.join(repoRoot, 'schemas/kinds', file), 'utf8')) as
      { properties: { kind: { const: string } } }).properties.kind.const)
    const withoutSecrets = kindFiles.filter(file =>
      !readFileSync(path.join(repoRoot, 'schemas/kinds', file), 'utf8').includes('secretRef'))

    const referenced = openapi.components.schemas.KindSpec.allOf
      .map(branch => branch.then.properties.spec.$ref)

    expect([...openapi.components.schemas.Kind.enum].sort()).toEqual([...kinds].sort())
    expect(referenced.sort()).toEqual(withoutSecrets.map(file => `./kinds/${file}#/$defs/spec`).sort())
  })

  it('checks the spec of each kind that holds secrets by its generated wire forms', () => {
    const withSecrets = kindFiles.filter(file =>
      readFileSync(path.join(repoRoot, 'schemas/kinds', file), 'utf8').includes('secretRef'))
    const wire = (direction: string) => withSecrets
      .map(file => `./wire/${file.replace('.schema.json', `-${direction}.schema.json`)}#/$defs/spec`)
    const { KindSpecWrite, KindSpecRead } = openapi.components.schemas

    expect(withSecrets).toHaveLength(3)
    expect(KindSpecWrite.allOf.map(branch => branch.then.properties.spec.$ref)).toEqual(wire('write'))
    expect(KindSpecRead.allOf.map(branch => branch.then.properties.spec.$ref)).toEqual(wire('read'))
  })
})
