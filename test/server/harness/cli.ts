import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { execa, type Result } from 'execa'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
export const runJs = path.join(repoRoot, 'bin/run.js')

/** Runs the built CLI (npm run build first) and returns its result, whatever the exit code. */
export function omsctl(args: string[], env: Record<string, string> = {}): Promise<Result> {
  return execa('node', [runJs, ...args], {
    cwd: repoRoot,
    env: { NO_COLOR: '1', ...env },
    reject: false,
    stdin: 'ignore',
  })
}

export async function createToken(
  flags: string[], role: string, tenants: string[], name?: string,
): Promise<string> {
  const args = ['server', 'token', 'create', '--role', role, ...flags]
  for (const tenant of tenants) args.push('--tenant', tenant)
  if (name !== undefined) args.push('--name', name)

  const result = await omsctl(args)
  if (result.exitCode !== 0) throw new Error(`token create failed: ${String(result.stderr)}`)
  return String(result.stdout).trim()
}
