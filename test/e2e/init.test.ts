import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

import { omsctl, repoRoot } from './cli.js'

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
})
