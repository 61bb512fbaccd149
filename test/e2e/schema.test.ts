import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
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

  it.each([
    ['a path under a file', (file: string) => join(file, 'x'), 'part of the path is a file, not a folder'],
    ['a file', (file: string) => file, 'a file of that name is in the way'],
  ])('refuses --out at %s as a user error, without a stack trace', async (_name, target, message) => {
    const file = join(mkdtempSync(join(tmpdir(), 'omsctl-schema-')), 'notes.txt')
    writeFileSync(file, 'keep me')

    const result = await omsctl(['schema', '--out', target(file)])

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain(`Error: cannot write the schemas to`)
    expect(result.stderr).toContain(message)
    expect(result.stderr).toContain('Hint:')
    expect(result.stderr).not.toContain('Internal error')
    expect(readFileSync(file, 'utf8')).toBe('keep me')
  })
})
