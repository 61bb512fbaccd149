import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

import { workingTree } from '../../src/load/file-source.js'
import { loadProject } from '../../src/load/load-project.js'

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'omsctl-source-'))
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true })
    writeFileSync(join(root, path), content)
  }

  return root
}

const role = 'apiVersion: omsctl.dev/v1\nkind: Role\nmetadata:\n  name: ops\nspec:\n  permissions: [orders:read]\n'

function project(documents: string): string {
  return `apiVersion: omsctl.dev/v1
kind: Project
metadata:
  name: demo
spec:
  documents: ${documents}
  environments:
    - {name: prod, apiUrl: 'https://oms.example.com', tokenEnv: OMSCTL_PROD_TOKEN}
  tenants:
    - {name: demo, region: eu}
`
}

describe('workingTree', () => {
  it('follows symbolic links to files and folders', async () => {
    const root = tree({ 'shared/roles.yaml': role, 'shared/more/hooks.yaml': role, 'settings/own.yaml': role })
    symlinkSync(join(root, 'shared', 'roles.yaml'), join(root, 'settings', 'linked.yaml'))
    symlinkSync(join(root, 'shared', 'more'), join(root, 'settings', 'more'))

    const files = await workingTree(root).listYaml('settings')

    expect(files).toEqual(['settings/linked.yaml', 'settings/more/hooks.yaml', 'settings/own.yaml'])
    expect(String(await workingTree(root).read('settings/linked.yaml'))).toBe(role)
  })

  it('reads a folder once when a link leads back into it (a loop)', async () => {
    const root = tree({ 'settings/a.yaml': role })
    symlinkSync(join(root, 'settings'), join(root, 'settings', 'again'))
    symlinkSync('..', join(root, 'settings', 'up'))

    const files = await workingTree(root).listYaml('settings')

    expect(files).toEqual(['settings/a.yaml'])
  })

  it('reports a link to a missing file when it is read, as a user error', async () => {
    const root = tree({ 'settings/a.yaml': role })
    symlinkSync(join(root, 'nowhere.yaml'), join(root, 'settings', 'gone.yaml'))
    const source = workingTree(root)

    const files = await source.listYaml('settings')

    expect(files).toEqual(['settings/a.yaml', 'settings/gone.yaml'])
    await expect(source.read('settings/gone.yaml')).rejects.toMatchObject({
      name: 'UserError', code: 'file/dangling-link',
      message: expect.stringContaining('settings/gone.yaml is a symbolic link') as unknown,
    })
  })
})

describe('loadProject and the documents folders', () => {
  it('reports a documents folder that does not exist at its line in omsctl.yaml', async () => {
    const root = tree({ 'omsctl.yaml': project('[settings, settingz]'), 'settings/a.yaml': role })

    const loaded = await loadProject(root)

    expect(loaded.problems).toEqual([expect.objectContaining({
      file: 'omsctl.yaml', line: 6, column: 25, rule: 'project/missing-folder',
      message: 'no folder "settingz" to read documents from', hint: 'did you mean "settings"?',
    })])
  })

  it('reports a documents entry that is a file, and accepts a linked folder', async () => {
    const root = tree({ 'omsctl.yaml': project('[notes.txt, linked, nested/deeper]'), 'real/a.yaml': role })
    writeFileSync(join(root, 'notes.txt'), 'x')
    symlinkSync(join(root, 'real'), join(root, 'linked'))
    mkdirSync(join(root, 'nested', 'deeper'), { recursive: true })

    const loaded = await loadProject(root)

    expect(loaded.problems.map(problem => [problem.rule, problem.column, problem.hint])).toEqual([
      ['project/missing-folder', 15, 'create the folder or correct the path'],
    ])
  })
})
