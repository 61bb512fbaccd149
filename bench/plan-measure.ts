import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { execa } from 'execa'

export interface CpuRun {
  wallMs: number
  /** User + system CPU of the process: steadier than wall time on a shared machine. */
  cpuMs: number
  peakRssMb: number
  exitCode: number
  stdout: string
}

/** Runs a whole process under GNU time: wall, CPU and peak RSS from exec to exit. */
export async function measureCpu(
  command: string, args: string[], options: { cwd?: string, env?: Record<string, string> } = {},
): Promise<CpuRun> {
  const dir = mkdtempSync(join(tmpdir(), 'omsctl-bench-'))
  const report = join(dir, 'time.txt')
  const result = await execa('/usr/bin/time', ['-f', '%e %U %S %M', '-o', report, command, ...args], {
    cwd: options.cwd, env: { NO_COLOR: '1', ...options.env }, reject: false,
  })
  const fields = readFileSync(report, 'utf8').trim().split('\n').pop()?.split(' ').map(Number) ?? []
  rmSync(dir, { recursive: true, force: true })

  const [wall = 0, user = 0, system = 0, rssKb = 0] = fields
  return {
    wallMs: wall * 1000,
    cpuMs: (user + system) * 1000,
    peakRssMb: rssKb / 1024,
    exitCode: result.exitCode ?? -1,
    stdout: String(result.stdout),
  }
}
