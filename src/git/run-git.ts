import { execFile } from 'node:child_process'

/**
 * Runs git in `root` and resolves to its stdout; a non-zero exit rejects with git's own
 * message. omsctl only ever needs plain git commands, and spawning git directly keeps a
 * git-aware command ~40 ms faster to start than loading a wrapper library.
 */
export function runGit(root: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
    }, (error, stdout, stderr) => {
      if (error) reject(new Error(stderr.trim() || error.message, { cause: error }))
      else resolve(stdout)
    })
  })
}

/** Whether `root` is inside a git work tree (false too when git is not installed). */
export async function isGitRepository(root: string): Promise<boolean> {
  const answer = await runGit(root, ['rev-parse', '--is-inside-work-tree']).catch(() => 'false')
  return answer.trim() === 'true'
}

/**
 * Where `root` is inside its git work tree, as git prints it (`examples/acme/`, or '' at the
 * top); '' outside git too.
 */
export async function folderInRepository(root: string): Promise<string> {
  const isRepo = await isGitRepository(root)
  if (!isRepo) return ''

  return (await runGit(root, ['rev-parse', '--show-prefix'])).trim()
}
