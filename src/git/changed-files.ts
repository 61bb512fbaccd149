import { runGit } from './run-git.js'

import { UserError } from '../errors.js'

/**
 * Files changed since `ref`, relative to `root`: committed since, changed in the working
 * tree, and new files git does not ignore. Deleted files are included: removing a document
 * changes the targets that had it; so is the old name of a renamed file, which git would
 * otherwise report under its new name only (a move between tenants affects both).
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

  // -z: names as they are, not quoted the way core.quotePath quotes non-ASCII ones
  const [diff, untracked] = await Promise.all([
    runGit(root, ['diff', '--name-only', '--no-renames', '-z', '--relative', ref, '--', '.']),
    runGit(root, ['ls-files', '--others', '--exclude-standard', '-z', '--', '.']),
  ])
  const files = new Set([...diff.split('\0'), ...untracked.split('\0')].filter(name => name !== ''))
  return [...files].sort()
}
