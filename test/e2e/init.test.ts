import { Ajv2020 } from 'ajv/dist/2020.js'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

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

  it('pins the omsctl CI runs in package.json, and the workflow never fetches another', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'omsctl-init-')), 'oms-settings')
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }

    const result = await omsctl(['init', dir])

    expect(result.exitCode).toBe(0)
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest
    expect(manifest).toMatchObject({ name: 'oms-settings', private: true })
    expect(manifest.devDependencies).toEqual({ omsctl: version })
    const steps = workflowSteps(dir)
    expect(steps.map(step => step.uses ?? step.run)).toEqual([
      'actions/checkout@v4',
      'actions/setup-node@v4',
      'if [ -f package-lock.json ]; then npm ci; else npm install --no-audit --no-fund; fi',
      'npx --no omsctl validate --format github',
    ])
    expect(steps.some(step => step.run?.includes('--yes'))).toBe(false)
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toContain('node_modules/')
  })

  it('pins another source with --omsctl-source', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'omsctl-init-')), 'oms-settings')

    const result = await omsctl(['init', dir, '--omsctl-source', 'github:acme/omsctl#3f2c9e1'])
    const validate = await omsctl(['validate', dir])

    expect(result.exitCode).toBe(0)
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest
    expect(manifest.devDependencies).toEqual({ omsctl: 'github:acme/omsctl#3f2c9e1' })
    expect(validate.exitCode).toBe(0)
  })
})

interface Manifest {
  name: string
  private: boolean
  devDependencies: Record<string, string>
}

interface Step {
  uses?: string
  run?: string
}

function workflowSteps(dir: string): Step[] {
  const workflow = parse(readFileSync(join(dir, '.github', 'workflows', 'omsctl.yml'), 'utf8')) as {
    jobs: { validate: { steps: Step[] } }
  }
  return workflow.jobs.validate.steps
}
