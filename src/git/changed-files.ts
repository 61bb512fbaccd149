import { runGit } from './run-git.js'

import { UserError } from '../errors.js'

/**
 * Files changed since `ref`, relative to `root`: committed since, changed in the working
 * tree, and new files git does not ignore. Deleted files are included: removing a document
 * changes the targets that had it.
 */
export async function changedFiles(root: string, ref: string): Promise<string[]> {
  const commit = await runGit(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])
    .catch(() => '')
  if (commit.trim() === '') {
    throw new UserError(`--changed-since: "${ref}" is not a commit in ${root}`, {
      hint: 'pass a branch, tag or commit, for example origin/main; in CI fetch enough history',
      code: 'unknown_ref',
    })
  }

  const [diff, untracked] = await Promise.all([
    runGit(root, ['diff', '--name-only', '--relative', ref, '--', '.']),
    runGit(root, ['ls-files', '--others', '--exclude-standard', '--', '.']),
  ])
  const files = new Set([...diff.split('\n'), ...untracked.split('\n')].filter(line => line !== ''))
  return [...files].sort()
}
