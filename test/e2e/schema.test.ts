import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

import { json, omsctl } from './cli.js'

describe('omsctl schema', () => {
  it('lists every schema', async () => {
    const result = await omsctl(['schema', '--json'])

    const { schemas } = json<{ schemas: { file: string, title: string }[] }>(result)
    expect(schemas.filter(schema => schema.file.startsWith('kinds/'))).toHaveLength(17)
    expect(schemas.map(schema => schema.file)).toContain('document.schema.json')
  })

  it('prints the schema of one kind', async () => {
    const result = await omsctl(['schema', 'Webhook'])

    expect((JSON.parse(result.stdout) as { title: string }).title).toBe('Webhook')
  })

  it('writes the schemas with their relative references intact', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'omsctl-schema-')), 'schemas')

    const result = await omsctl(['schema', '--out', out])

    expect(result.exitCode).toBe(0)
    const webhook = readFileSync(join(out, 'kinds', 'webhook.schema.json'), 'utf8')
    expect(webhook).toContain('../common.schema.json#/$defs/')
    expect(existsSync(join(out, 'common.schema.json'))).toBe(true)
    expect(existsSync(join(out, 'openapi.yaml'))).toBe(false)
  })

  it('refuses an unknown kind with the list of kinds', async () => {
    const result = await omsctl(['schema', 'Webhok'])

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('no schema for kind "Webhok"')
    expect(result.stderr).toContain('did you mean "Webhook"?')
  })
})
