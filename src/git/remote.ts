import { pathToFileURL } from 'node:url'

import { isGitRepository, runGit } from './run-git.js'

/**
 * Where the repository lives, as a URI for SARIF's versionControlProvenance: the URL of
 * `origin` (else of the first remote) without any user name or password in it, an scp-like
 * address (`git@host:owner/repo.git`) as ssh://, and the work tree's file URL when there is
 * no remote. Undefined outside git.
 */
export async function repositoryUri(root: string): Promise<string | undefined> {
  const isRepo = await isGitRepository(root)
  if (!isRepo) return undefined

  const remotes = (await runGit(root, ['remote']).catch(() => '')).split('\n').filter(Boolean)
  const remote = remotes.includes('origin') ? 'origin' : remotes[0]
  const url = remote === undefined
    ? undefined
    : (await runGit(root, ['remote', 'get-url', remote]).catch(() => '')).trim()
  if (url) return withoutCredentials(url)

  const top = (await runGit(root, ['rev-parse', '--show-toplevel'])).trim()
  return pathToFileURL(top).href
}

function withoutCredentials(url: string): string {
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/\/)(.+)$/.exec(url)
  if (scp) return `ssh://${scp[1]}/${scp[2]}`

  try {
    const parsed = new URL(url)
    parsed.username = ''
    parsed.password = ''
    return parsed.href
  } catch {
    return pathToFileURL(url).href
  }
}
