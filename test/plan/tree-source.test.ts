import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { simpleGit } from 'simple-git'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { describeRevision } from '../../src/git/revision.js'
import { treeSource } from '../../src/git/tree-source.js'

let repo: string
let project: string
let first: string
const temporary: string[] = []

async function outsideGit(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'omsctl-nogit-'))
  temporary.push(dir)
  return dir
}

afterAll(async () => {
  for (const dir of [repo, ...temporary]) await rm(dir, { recursive: true, force: true })
})

beforeAll(async () => {
  repo = await mkdtemp(path.join(tmpdir(), 'omsctl-tree-'))
  project = path.join(repo, 'configs', 'acme')
  await mkdir(path.join(project, 'settings', '.hidden'), { recursive: true })
  const git = simpleGit({ baseDir: repo })
  await git.init()
  await git.addConfig('user.name', 'Grace Hopper')
  await git.addConfig('user.email', 'grace@example.com')

  await writeFile(path.join(project, 'omsctl.yaml'), 'kind: Project\n')
  await writeFile(path.join(project, 'settings', 'a.yaml'), 'a: 1\n')
  await writeFile(path.join(project, 'settings', '.hidden', 'x.yaml'), 'x: 1\n')
  await writeFile(path.join(project, 'settings', 'notes.txt'), 'not yaml\n')
  await git.add('.')
  await git.commit('first')
  first = (await git.revparse(['HEAD'])).trim()

  await writeFile(path.join(project, 'settings', 'a.yaml'), 'a: 2\n')
  await writeFile(path.join(project, 'settings', 'b.yml'), 'b: 1\n')
  await git.add('.')
  await git.commit('second')
  await writeFile(path.join(project, 'settings', 'a.yaml'), 'a: 3 # not committed\n')
})

describe('treeSource', () => {
  it('lists and reads the project as it was at a revision', async () => {
    const source = await treeSource(project, first)

    try {
      expect(await source.listYaml('settings')).toEqual(['settings/a.yaml'])
      expect(String(await source.read('settings/a.yaml'))).toBe('a: 1\n')
      expect(String(await source.read('omsctl.yaml'))).toBe('kind: Project\n')
      expect(await source.read('settings/b.yml')).toBeUndefined()
      expect(source.label).toBe(`git ${first} (${first.slice(0, 12)})`)
    } finally {
      source.close()
    }
  })

  it('serves many reads at once from one process, in order', async () => {
    const source = await treeSource(project, 'HEAD')

    const texts = await Promise.all(['settings/a.yaml', 'settings/b.yml', 'nope.yaml', 'settings/a.yaml']
      .map(async file => String(await source.read(file))))
    source.close()

    expect(texts).toEqual(['a: 2\n', 'b: 1\n', 'undefined', 'a: 2\n'])
  })

  it.each(['no-such-ref', '--output=x'])('rejects %s as not a commit', async (ref) => {
    await expect(treeSource(project, ref)).rejects.toThrow(`--ref ${ref} is not a commit`)
  })

  it('refuses outside git', async () => {
    const outside = await outsideGit()

    await expect(treeSource(outside, 'HEAD')).rejects.toThrow('is not inside a git repository')
  })
})

describe('describeRevision', () => {
  it('gives the commit, its author, and the project files changed since', async () => {
    const revision = await describeRevision(project)

    expect(revision.commit).toMatch(/^[0-9a-f]{40}$/)
    expect(revision.author).toBe('Grace Hopper <grace@example.com>')
    expect(revision.dirtyFiles).toEqual(['settings/a.yaml'])
  })

  it('describes a revision without looking at the working tree', async () => {
    expect(await describeRevision(project, first)).toEqual({
      commit: first, author: 'Grace Hopper <grace@example.com>', dirtyFiles: [],
    })
  })

  it('has nothing to say outside git', async () => {
    const outside = await outsideGit()

    expect(await describeRevision(outside)).toEqual({ commit: null, author: null, dirtyFiles: [] })
  })
})
