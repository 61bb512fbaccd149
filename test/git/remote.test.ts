import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

import { repositoryUri } from '../../src/git/remote.js'
import { testRepository } from './repository.js'

describe('repositoryUri', () => {
  it.each([
    ['https://bot:token@github.com/acme/settings.git', 'https://github.com/acme/settings.git'],
    ['git@github.com:acme/settings.git', 'ssh://github.com/acme/settings.git'],
    ['ssh://git@gitlab.example.com:2222/acme/settings.git', 'ssh://gitlab.example.com:2222/acme/settings.git'],
  ])('turns the remote %s into %s', async (remote, expected) => {
    const repo = await testRepository('remote')
    await repo.git.addRemote('upstream', 'https://example.com/other.git')
    await repo.git.addRemote('origin', remote)

    expect(await repositoryUri(repo.dir)).toBe(expected)
  })

  it('is undefined outside git', async () => {
    expect(await repositoryUri(mkdtempSync(join(tmpdir(), 'omsctl-no-git-')))).toBeUndefined()
  })
})
