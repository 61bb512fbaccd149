// Issue 6: what the rule pack adds to validate, and how each rule grows with the repository.
import { appendFileSync, cpSync, rmSync } from 'node:fs'
import { join } from 'node:path'

import { validateProjectRun } from '../src/check/validate-project.js'
import { SCAN } from '../src/rules/engine.js'
import { RULES } from '../src/rules/registry.js'
import { generateRepo } from './generate-repo.js'
import { fixed, measure, type Run, table } from './measure.js'

const root = join(import.meta.dirname, '..')
const work = join(root, 'bench', '.work')
const omsctl = join(root, 'bin', 'run.js')
const SIZES = [10_000, 20_000] as const

/** The same repository with every rule of the pack turned off in omsctl.yaml. */
function withRulesOff(dir: string, target: string): void {
  rmSync(target, { recursive: true, force: true })
  cpSync(dir, target, { recursive: true })
  const lines = RULES.map(rule => `      ${rule.id}: 'off'`)
  appendFileSync(join(target, 'omsctl.yaml'), `  rules:\n    severity:\n${lines.join('\n')}\n`)
}

interface Timed {
  seconds: number
  rssMb: number
}

/**
 * validate as a whole process on both repositories, alternating so that a change of load on
 * the machine affects both alike; medians of five.
 */
async function validateBoth(off: string, on: string): Promise<{ off: Timed, on: Timed }> {
  const runs: { off: Run[], on: Run[] } = { off: [], on: [] }
  for (let attempt = 0; attempt < 6; attempt++) {
    for (const [name, dir] of [['off', off], ['on', on]] as const) {
      const run = await measure('node', [omsctl, 'validate', dir, '--no-cache'])
      if (run.exitCode !== 0) throw new Error(`validate failed on ${dir}:\n${run.stdout.slice(0, 2000)}`)
      if (attempt > 0) runs[name].push(run)
    }
  }

  const middle = (list: Run[]): Timed => {
    const run = [...list].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(list.length / 2)]!
    return { seconds: run.wallMs / 1000, rssMb: run.peakRssMb }
  }
  return { off: middle(runs.off), on: middle(runs.on) }
}

interface InProcess {
  /** Best whole validate run, in seconds, without and with the rules. */
  off: number
  on: number
  /** Per rule (and SCAN), the best of the runs, in milliseconds. */
  rules: Map<string, number>
}

/**
 * validate in this process, alternating the two repositories, best of five: free of process
 * start-up and steadier than whole processes on a busy machine.
 */
async function inProcess(off: string, on: string): Promise<InProcess> {
  const result: InProcess = { off: Infinity, on: Infinity, rules: new Map() }
  for (let attempt = 0; attempt < 5; attempt++) {
    let started = performance.now()
    await validateProjectRun(off, { cache: false })
    result.off = Math.min(result.off, (performance.now() - started) / 1000)

    started = performance.now()
    const run = await validateProjectRun(on, { cache: false })
    result.on = Math.min(result.on, (performance.now() - started) / 1000)
    for (const [id, ms] of run.ruleTimings) {
      result.rules.set(id, Math.min(result.rules.get(id) ?? Infinity, ms))
    }
  }

  return result
}

export async function benchRules(): Promise<void> {
  const timings: Map<string, number>[] = []
  const whole: (string | number)[][] = [[
    'documents', 'targets', 'off s', 'on s', 'added', 'RSS on MB',
    'in process: off s', 'on s', 'added', 'rules s',
  ]]

  for (const count of SIZES) {
    const dir = join(work, `rules-${count}`)
    const off = join(work, `rules-${count}-off`)
    const { documents, tenants } = generateRepo(dir, count)
    withRulesOff(dir, off)

    const { off: without, on: withRules } = await validateBoth(off, dir)
    const measured = await inProcess(off, dir)
    timings.push(measured.rules)
    const rulesSeconds = [...measured.rules.values()].reduce((sum, ms) => sum + ms, 0) / 1000
    whole.push([
      documents, tenants, fixed(without.seconds), fixed(withRules.seconds),
      percentAdded(without.seconds, withRules.seconds), Math.round(withRules.rssMb),
      fixed(measured.off), fixed(measured.on), percentAdded(measured.off, measured.on),
      fixed(rulesSeconds),
    ])
    rmSync(off, { recursive: true, force: true })
    rmSync(dir, { recursive: true, force: true })
  }

  const [small, large] = timings as [Map<string, number>, Map<string, number>]
  const rows: (string | number)[][] = [['rule', `ms @${SIZES[0]}`, `ms @${SIZES[1]}`, 'x (2.0 = linear)']]
  for (const id of [SCAN, ...RULES.map(rule => rule.id)]) {
    const a = small.get(id) ?? 0
    const b = large.get(id) ?? 0
    rows.push([id, fixed(a, 1), fixed(b, 1), a < 5 ? '-' : fixed(b / a)])
  }

  console.log('\nrules (issue 6): validate with every rule off vs on (target: <= +50%); whole processes'
    + ' alternately, medians of 5; in process alternately, best of 5')
  console.log(table(whole))
  console.log('\nper rule, in process, best of 5 (x: growth from the smaller to the larger repository;'
    + ' "-" below 5 ms, too small to measure)')
  console.log(table(rows))
}

function percentAdded(before: number, after: number): string {
  return `${Math.round((after / before - 1) * 100)}%`
}
