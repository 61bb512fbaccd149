import { isGitRepository, runGit } from './run-git.js'

/** Which commit a run worked on and who wrote it: for plan metadata and audit headers. */
export interface Revision {
  /** Full commit id, or null outside git or before the first commit. */
  commit: string | null
  /** `Name <email>` of the commit's author. */
  author: string | null
  /** Files under the project root that differ from the commit (working tree runs only). */
  dirtyFiles: string[]
}

const none: Revision = { commit: null, author: null, dirtyFiles: [] }

/**
 * Describes `ref` (default HEAD). A folder outside git is not an error: plans still work,
 * they just carry no commit.
 */
export async function describeRevision(root: string, ref?: string): Promise<Revision> {
  const isRepo = await isGitRepository(root)
  if (!isRepo || ref?.startsWith('-')) return none

  let commit: string
  let author: string
  try {
    const output = await runGit(root, ['log', '-1', '--format=%H%n%an <%ae>', ref ?? 'HEAD', '--'])
    const [id = '', who = ''] = output.trim().split('\n')
    commit = id
    author = who
  } catch {
    return none
  }

  if (ref !== undefined) return { commit, author, dirtyFiles: [] }

  const [status, prefix] = await Promise.all([
    runGit(root, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', '.']),
    runGit(root, ['rev-parse', '--show-prefix']),
  ])
  return { commit, author, dirtyFiles: parseStatus(status, prefix.trim()) }
}

/** Porcelain v1 with -z: `XY path\0`, and renames add the old path as a further entry. */
function parseStatus(output: string, prefix: string): string[] {
  const files: string[] = []
  const entries = output.split('\0')
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] ?? ''
    if (entry.length < 4) continue

    const state = entry.slice(0, 2)
    const file = entry.slice(3)
    files.push(file.startsWith(prefix) ? file.slice(prefix.length) : file)
    if (state.startsWith('R') || state.startsWith('C')) i++
  }

  return files.sort()
}
