import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { simpleGit } from 'simple-git'
import { stringify } from 'yaml'

import { generateRepo } from './generate-repo.js'
import { fixed, measure, median, type Run, table } from './measure.js'

const root = join(import.meta.dirname, '..')
const work = join(root, 'bench', '.work')
const omsctl = join(root, 'bin', 'run.js')

interface Example {
  apiVersion: string
  kind: string
  metadata: { name: string }
  spec: Record<string, unknown>
}

/** Every kind's schema examples: together one coherent configuration. */
function bundle(): Example[] {
  const dir = join(root, 'schemas', 'kinds')
  return readdirSync(dir).filter(file => file.endsWith('.schema.json')).sort().flatMap(file =>
    (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { examples: Example[] }).examples)
}

function write(path: string, documents: object[]): void {
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, documents.map(document => stringify(document, { lineWidth: 100 })).join('---\n'))
}

function overlay(base: Example, labels: Record<string, string>): object {
  const { apiVersion, kind } = base
  return { apiVersion, kind, metadata: { name: base.metadata.name, labels } }
}

/**
 * `tenants` tenants x 2 environments x 30 documents over 3 regions, on a global layer of one
 * coherent configuration: in each environment 15 documents override global ones and 15 are
 * the environment's own roles.
 */
export function generateLayered(dir: string, tenants: number): number {
  rmSync(dir, { recursive: true, force: true })
  const globals = bundle()
  const role = globals.find(document => document.kind === 'Role')!
  // Governance belongs to the lowest layer only: higher layers overlay the other kinds
  const overlaid = globals.filter(document => document.kind !== 'Governance')
  const regions = ['eu', 'na', 'apac']
  let count = 0
  globals.forEach((document, i) => write(join(dir, 'global', `g-${i}.yaml`), [document]))
  count += globals.length
  for (const region of regions) {
    overlaid.slice(0, 10).forEach((document, i) => {
      write(join(dir, 'regions', region, `r-${i}.yaml`), [overlay(document, { region })])
    })
    count += 10
  }

  for (let t = 0; t < tenants; t++) {
    for (const environment of ['staging', 'prod']) {
      const folder = join(dir, 'tenants', `tenant-${t}`, environment)
      for (let i = 0; i < 30; i++) {
        const document = i < 15
          ? overlay(overlaid[i % overlaid.length]!, { tenant: `tenant-${t}` })
          : { ...role, metadata: { name: `own-role-${i}` } }
        write(join(folder, `d-${i}.yaml`), [document])
      }

      count += 30
    }
  }

  const list = Array.from({ length: tenants }, (_, t) => `    - {name: tenant-${t}, region: ${regions[t % 3]}}`)
  writeFileSync(join(dir, 'omsctl.yaml'), `apiVersion: omsctl.dev/v1
kind: Project
metadata: {name: layered-bench}
spec:
  layers: [global, 'regions/{region}', 'tenants/{tenant}', 'tenants/{tenant}/{environment}']
  environments:
    - {name: staging, apiUrl: 'http://127.0.0.1:1', tokenEnv: STAGING_TOKEN}
    - {name: prod, apiUrl: 'http://127.0.0.1:1', tokenEnv: PROD_TOKEN}
  tenants:
${list.join('\n')}
`)
  return count
}

/** Issue 5: layered validation against the same number of unlayered documents. */
export async function benchLayers(): Promise<void> {
  const dir = join(work, 'layers')
  const documents = generateLayered(dir, 200)
  const git = simpleGit(dir)
  await git.init()
  await git.addConfig('user.name', 'bench')
  await git.addConfig('user.email', 'bench@example.com')
  await git.add('.')
  await git.commit('bench repository')
  await git.tag(['base'])
  const edited = join(dir, 'tenants', 'tenant-7', 'prod', 'd-20.yaml')
  writeFileSync(edited, readFileSync(edited, 'utf8').replace('own-role-20', 'own-role-20b'))

  const flat = join(work, 'layers-flat')
  generateRepo(flat, documents)

  const validate = (repo: string, ...args: string[]) => () =>
    measure('node', [omsctl, 'validate', repo, '--no-cache', '--json', ...args])
  // the fixed cost of a validate process: start-up, imports, reading omsctl.yaml
  const empty = join(work, 'layers-empty')
  rmSync(empty, { recursive: true, force: true })
  mkdirSync(empty, { recursive: true })
  writeFileSync(join(empty, 'omsctl.yaml'), readFileSync(join(dir, 'omsctl.yaml')))
  const fixedCost = await median(3, validate(empty))

  const full = await median(3, validate(dir))
  const changed = await median(3, validate(dir, '--changed-since', 'base'))
  const unlayered = await median(3, validate(flat))
  for (const run of [fixedCost, full, changed, unlayered]) {
    if (run.exitCode !== 0) throw new Error(`validate failed in the layers bench:\n${run.stdout.slice(0, 2000)}`)
  }

  const targets = (JSON.parse(changed.stdout) as { summary: { targets: number } }).summary.targets
  console.log(`\nlayers (issue 5): ${documents} documents, 200 tenants x 2 environments over 3 regions, medians`)
  const row = (name: string, run: Run, ratio: string) =>
    [name, fixed(run.wallMs / 1000), Math.round(run.peakRssMb), ratio]
  console.log(table([
    ['run', 'wall s', 'RSS MB', 'ratio'],
    row('all 400 targets', full, `${fixed(full.wallMs / unlayered.wallMs)} x unlayered`),
    row(`--changed-since, one tenant file (${targets} targets)`, changed,
      `${fixed(100 * changed.wallMs / full.wallMs, 1)} % of full`),
    row('  the same above the fixed cost', changed, `${fixed(100 * (changed.wallMs - fixedCost.wallMs)
      / (full.wallMs - fixedCost.wallMs), 1)} % of full above it`),
    row('fixed cost: validate of omsctl.yaml alone', fixedCost, '-'),
    row(`unlayered, same ${documents} documents`, unlayered, '1.00'),
  ]))
  rmSync(dir, { recursive: true, force: true })
  rmSync(flat, { recursive: true, force: true })
  rmSync(empty, { recursive: true, force: true })
}
