import { isGitRepository, runGit } from './run-git.js'

export interface LineHistory {
  commit: string
  author: string
  /** ISO 8601 */
  date: string
  summary: string
  /** The line is changed in the working tree and not yet committed. */
  uncommitted: boolean
}

const notCommitted = /^0{40}$/

/**
 * Who last changed each line of each file: one `git blame --line-porcelain` per file, never
 * one per line. Files outside git, or a folder that is no repository, give no history.
 */
export async function blameLines(
  root: string,
  lines: ReadonlyMap<string, ReadonlySet<number>>,
): Promise<Map<string, Map<number, LineHistory>>> {
  const result = new Map<string, Map<number, LineHistory>>()
  const isRepo = await isGitRepository(root)
  if (!isRepo) return result

  for (const [file, wanted] of lines) {
    let output: string
    try {
      output = await runGit(root, ['blame', '--line-porcelain', '--', file])
    } catch {
      continue
    }

    result.set(file, parsePorcelain(output, wanted))
  }

  return result
}

interface BlameEntry {
  commit: string
  line: number
  author: string
  time: number
  summary: string
}

function parsePorcelain(output: string, wanted: ReadonlySet<number>): Map<number, LineHistory> {
  const history = new Map<number, LineHistory>()
  let current: BlameEntry | undefined
  for (const line of output.split('\n')) {
    const header = /^([0-9a-f]{40}) \d+ (\d+)/.exec(line)
    if (header) {
      current = { commit: header[1]!, line: Number(header[2]), author: '', time: 0, summary: '' }
      continue
    }

    if (!current) continue
    if (line.startsWith('author ')) current.author = line.slice(7)
    else if (line.startsWith('author-time ')) current.time = Number(line.slice(12))
    else if (line.startsWith('summary ')) current.summary = line.slice(8)
    else if (line.startsWith('\t')) {
      if (wanted.has(current.line)) {
        const uncommitted = notCommitted.test(current.commit)
        history.set(current.line, {
          commit: uncommitted ? '' : current.commit,
          author: uncommitted ? '' : current.author,
          date: uncommitted ? '' : new Date(current.time * 1000).toISOString(),
          summary: uncommitted ? '' : current.summary,
          uncommitted,
        })
      }

      current = undefined
    }
  }

  return history
}
