import { execa } from 'execa'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface Run {
  wallMs: number
  peakRssMb: number
  exitCode: number
  stdout: string
}

/**
 * Runs a command as a whole process, as a user would, and reads its peak RSS from GNU time
 * so that the figure covers the process from exec to exit.
 */
export async function measure(
  command: string,
  args: string[],
  options: { cwd?: string, env?: Record<string, string> } = {},
): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'omsctl-bench-'))
  const report = join(dir, 'time.txt')
  const started = performance.now()
  const result = await execa('/usr/bin/time', ['-f', '%M', '-o', report, command, ...args], {
    cwd: options.cwd, env: { NO_COLOR: '1', ...options.env }, reject: false,
  })
  const wallMs = performance.now() - started
  const rssKb = Number(readFileSync(report, 'utf8').trim().split('\n').pop())
  rmSync(dir, { recursive: true, force: true })
  const exitCode = result.exitCode ?? -1
  return { wallMs, peakRssMb: rssKb / 1024, exitCode, stdout: String(result.stdout) }
}

/** The median of `times` runs; the first run of a series warms the disk cache and is dropped. */
export async function median(times: number, run: () => Promise<Run>): Promise<Run> {
  await run()
  const runs: Run[] = []
  for (let i = 0; i < times; i++) runs.push(await run())
  runs.sort((a, b) => a.wallMs - b.wallMs)
  return runs[Math.floor(runs.length / 2)]!
}

export function table(rows: (string | number)[][]): string {
  const width = (column: number): number => Math.max(...rows.map(row => String(row[column]).length))
  const widths = rows[0]!.map((_, column) => width(column))
  return rows.map(row => row.map((cell, column) => {
    const text = String(cell)
    return typeof cell === 'number' ? text.padStart(widths[column]!) : text.padEnd(widths[column]!)
  }).join('  ')).join('\n')
}

export function fixed(value: number, digits = 2): string {
  return value.toFixed(digits)
}
