import { execa, type Result } from 'execa'
import { fileURLToPath } from 'node:url'

/** The built CLI, run as users run it. Tests call `npm run build` first (npm test does). */
export const bin = fileURLToPath(new URL('../../bin/run.js', import.meta.url))
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url))

export interface CliResult {
  exitCode: number
  stdout: string
  stderr: string
}

export interface CliOptions {
  cwd?: string
  env?: Record<string, string | undefined>
  input?: string
}

export async function omsctl(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const result: Result = await execa('node', [bin, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { NO_COLOR: '1', OMSCTL_TARGET: undefined, OMSCTL_TOKEN: undefined, OMSCTL_API_URL: undefined, ...options.env },
    reject: false,
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
  })
  const exitCode = result.exitCode ?? -1
  return { exitCode, stdout: String(result.stdout), stderr: String(result.stderr) }
}

export function json<T>(result: CliResult): T {
  return JSON.parse(result.stdout) as T
}
