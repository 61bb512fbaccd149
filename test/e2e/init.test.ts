import { Ajv2020 } from 'ajv/dist/2020.js'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

import { json, omsctl, repoRoot } from './cli.js'

describe('omsctl init', () => {
  it('scaffolds a repository with every kind that validates as created', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'omsctl-init-')), 'oms-settings')

    const init = await omsctl(['init', dir, '--name', 'acme'])
    const validate = await omsctl(['validate', dir])

    expect(init.exitCode).toBe(0)
    const kinds = readdirSync(join(repoRoot, 'schemas', 'kinds')).length
    expect(readdirSync(join(dir, 'settings'))).toHaveLength(kinds)
    for (const file of ['.gitignore', '.vscode/settings.json', '.github/workflows/omsctl.yml', 'schemas/document.schema.json']) {
      expect(existsSync(join(dir, file)), file).toBe(true)
    }

    expect(readFileSync(join(dir, 'omsctl.yaml'), 'utf8')).toContain('name: acme')
    expect(readFileSync(join(dir, '.github/workflows/omsctl.yml'), 'utf8')).toContain('omsctl validate')
    expect(validate.stdout).toContain('no problems')
    expect(validate.exitCode).toBe(0)
  })

  it('refuses a folder that is not empty and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'omsctl-init-'))
    writeFileSync(join(dir, 'notes.txt'), 'keep me')

    const result = await omsctl(['init', dir])

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('is not empty')
    expect(readdirSync(dir)).toEqual(['notes.txt'])
  })

  it('refuses a folder that already holds a project', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'omsctl-init-'))
    mkdirSync(join(dir, 'x'))
    writeFileSync(join(dir, 'omsctl.yaml'), 'kind: Project\n')

    const result = await omsctl(['init', dir])

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('already holds an omsctl project')
  })

  it.each([
    ['a path under a file', (file: string) => join(file, 'x'), 'part of the path is a file, not a folder'],
    ['a file', (file: string) => file, 'is a file, not a folder'],
  ])('refuses %s as a user error, without a stack trace', async (_name, target, message) => {
    const file = join(mkdtempSync(join(tmpdir(), 'omsctl-init-')), 'notes.txt')
    writeFileSync(file, 'keep me')

    const result = await omsctl(['init', target(file)])

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain(message)
    expect(result.stderr).toContain('Hint:')
    expect(result.stderr).not.toContain('Internal error')
    expect(readFileSync(file, 'utf8')).toBe('keep me')
  })

  it('refuses a folder it may not create, with a --json error of the documented shape', async () => {
    const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas', 'error-output.schema.json'), 'utf8')) as object
    const errorOutput = new Ajv2020({ strict: true }).compile(schema)

    const result = await omsctl(['init', '/sys/omsctl-nope', '--json'])

    expect(result.exitCode).toBe(1)
    expect(errorOutput(json(result)), JSON.stringify(errorOutput.errors)).toBe(true)
    const { error } = json<{ error: { code: string, message: string, hint: string } }>(result)
    expect(error.code).toMatch(/^file\/(eperm|eacces|erofs|enoent)$/)
    expect(error.message).toContain('cannot create the repository in')
    expect(existsSync('/sys/omsctl-nope')).toBe(false)
  })
})
