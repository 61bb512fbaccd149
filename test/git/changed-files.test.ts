import { afterAll, describe, expect, it } from 'vitest'
import { rmSync } from 'node:fs'
import { join } from 'node:path'

import { changedFiles } from '../../src/git/changed-files.js'
import { testRepository, type TestRepository } from './repository.js'

const made: TestRepository[] = []

async function repository(): Promise<TestRepository> {
  const repo = await testRepository('changed')
  made.push(repo)
  await repo.commit('Alice', {
    'settings/omsctl.yaml': 'kind: Project\n',
    'settings/global/audit.yaml': 'a: 1\n',
    'settings/tenants/acme-eu/approvals.yaml': 'b: 1\n',
    'settings/tenants/acme-eu/roles.yaml': 'c: 1\n',
    'docs/readme.md': 'x\n',
    '.gitignore': '*.log\n',
  }, 'Base')
  await repo.git.tag(['base'])
  return repo
}

afterAll(() => {
  for (const repo of made) rmSync(repo.dir, { recursive: true, force: true })
})

describe('changedFiles', () => {
  it('lists both names of a file moved between tenants, relative to the settings folder', async () => {
    const repo = await repository()
    await repo.commit('Bob', {
      'settings/tenants/acme-eu/approvals.yaml': null,
      'settings/tenants/acme-fr/approvals.yaml': 'b: 1\n',
      'docs/readme.md': 'y\n',
    }, 'Move approvals to acme-fr')
    const status = await repo.git.raw(['diff', '--name-status', 'base', 'HEAD'])

    const files = await changedFiles(join(repo.dir, 'settings'), 'base')

    expect(status).toMatch(/^R100/m)
    expect(files).toEqual(['tenants/acme-eu/approvals.yaml', 'tenants/acme-fr/approvals.yaml'])
  })

  it('lists a file deleted in the working tree, and one deleted in a commit', async () => {
    const repo = await repository()
    await repo.commit('Carol', { 'settings/tenants/acme-eu/roles.yaml': null }, 'Drop roles')
    repo.write({ 'settings/global/audit.yaml': null })

    expect(await changedFiles(join(repo.dir, 'settings'), 'base'))
      .toEqual(['global/audit.yaml', 'tenants/acme-eu/roles.yaml'])
  })

  it('lists untracked files that git does not ignore, and uncommitted edits', async () => {
    const repo = await repository()
    repo.write({
      'settings/regions/na/tax.yaml': 'd: 1\n',
      'settings/regions/na/debug.log': 'noise\n',
      'settings/omsctl.yaml': 'kind: Project\nspec: {}\n',
    })

    expect(await changedFiles(join(repo.dir, 'settings'), 'base')).toEqual(['omsctl.yaml', 'regions/na/tax.yaml'])
  })

  it('lists nothing when nothing changed, and refuses a revision that is not a commit', async () => {
    const repo = await repository()

    expect(await changedFiles(repo.dir, 'HEAD')).toEqual([])
    await expect(changedFiles(repo.dir, 'no-such-branch')).rejects.toThrow('"no-such-branch" is not a commit')
  })
})
