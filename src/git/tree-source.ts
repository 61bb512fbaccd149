import { isGitRepository, runGit } from './run-git.js'

import { UserError } from '../errors.js'
import { type FileSource, isYamlFile, normalizeDir } from '../load/file-source.js'
import { CatFileBatch } from './cat-file-batch.js'

/** A FileSource that also owns a process; close it when the run is done. */
export interface TreeSource extends FileSource {
  readonly commit: string
  close(): void
}

/**
 * The project as it is at a git revision (`--ref main`): plan and drift compare live with
 * what was merged, not with whatever the working tree holds. Listing is one `git ls-tree`
 * per folder; every blob comes from a single `git cat-file --batch` process.
 */
export async function treeSource(root: string, ref: string): Promise<TreeSource> {
  const isRepo = await isGitRepository(root)
  if (!isRepo) {
    throw new UserError(`--ref ${ref}: ${root} is not inside a git repository`, {
      code: 'git/not-a-repository',
      hint: 'drop --ref to use the working tree, or run omsctl inside the settings repository',
    })
  }

  const commit = await resolveCommit(root, ref)
  const top = (await runGit(root, ['rev-parse', '--show-toplevel'])).trim()
  const prefix = (await runGit(root, ['rev-parse', '--show-prefix'])).trim()
  const batch = new CatFileBatch(top)

  return {
    label: `git ${ref} (${commit.slice(0, 12)})`,
    commit,

    async listYaml(dir: string): Promise<string[]> {
      const folder = normalizeDir(dir)
      const inRepo = folder === '.' ? prefix : `${prefix}${folder}/`
      const output = await runGit(root, ['ls-tree', '-r', '--name-only', '--full-tree', '-z', commit,
        '--', inRepo === '' ? '.' : inRepo])
      return output.split('\0')
        .filter(file => file.startsWith(prefix) && isYamlFile(file))
        .map(file => file.slice(prefix.length))
        .filter(file => !file.split('/').some(isSkipped))
        .sort()
    },

    read: file => batch.read(`${commit}:${prefix}${normalizeDir(file)}`),
    close: () => batch.close(),
  }
}

/** Hidden folders and node_modules are skipped, as in the working tree. */
function isSkipped(part: string): boolean {
  return part.startsWith('.') || part === 'node_modules'
}

async function resolveCommit(root: string, ref: string): Promise<string> {
  if (ref.startsWith('-')) throw unknownRef(ref, root)

  let commit: string
  try {
    commit = (await runGit(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim()
  } catch (error) {
    throw unknownRef(ref, root, error)
  }

  // a ref that names something other than a commit must not pass for one
  if (!/^[0-9a-f]{40,64}$/.test(commit)) throw unknownRef(ref, root)
  return commit
}

function unknownRef(ref: string, root: string, cause?: unknown): UserError {
  return new UserError(`--ref ${ref} is not a commit in the repository of ${root}`, {
    code: 'git/unknown-ref',
    hint: 'pass a branch, tag or commit id, for example main or origin/main; '
      + 'in CI fetch enough history',
    cause,
  })
}
