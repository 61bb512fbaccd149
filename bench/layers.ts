import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { simpleGit } from 'simple-git'
import { stringify } from 'yaml'

import { generateRepo } from './generate-repo.js'
import { fixed, measure, median, table } from './measure.js'

const root = join(import.meta.dirname, '..')
const work = join(root, 'bench', '.work')
const omsctl = join(root, 'bin', 'run.js')

interface Example {
  kind: string
  metadata: { name: string }
  spec: Record<string, unknown>
}

function examples(): Example[] {
  const dir = join(root, 'schemas', 'kinds')
  return readdirSync(dir).filter(file => file.endsWith('.schema.json')).sort().map(file =>
    (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { examples: Example[] }).examples[0]!)
}

function renamed(example: Example, name: string): Example {
  return { ...example, metadata: { ...example.metadata, name } }
}

function write(path: string, documents: object[]): void {
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, documents.map(document => stringify(document, { lineWidth: 100 })).join('---\n'))
}

/**
 * 200 tenants x 2 environments x 30 documents over 3 regions, plus global and regional
 * layers: half of each environment's documents override global ones, half are its own.
 */
function generateLayered(dir: string, tenants: number): number {
  rmSync(dir, { recursive: true, force: true })
  const kinds = examples()
  const regions = ['eu', 'na', 'apac']
  let count = 0
  const globals = Array.from({ length: 30 }, (_, i) => renamed(kinds[i % kinds.length]!, `shared-${i}`))
  globals.forEach((document, i) => write(join(dir, 'global', `shared-${i}.yaml`), [document]))
  count += globals.length
  for (const region of regions) {
    for (let i = 0; i < 10; i++) write(join(dir, 'regions', region, `r-${i}.yaml`), [renamed(kinds[i]!, `regional-${i}`)])
    count += 10
  }

  for (let t = 0; t < tenants; t++) {
    for (const environment of ['staging', 'prod']) {
      const folder = join(dir, 'tenants', `tenant-${t}`, environment)
      for (let i = 0; i < 30; i++) {
        const base = globals[i % globals.length]!
        const document = i < 15
          ? { apiVersion: 'omsctl.dev/v1', kind: base.kind, metadata: { name: base.metadata.name, labels: { tenant: `tenant-${t}` } } }
          : renamed(kinds[i % kinds.length]!, `own-${t}-${i}`)
        write(join(folder, `d-${i}.yaml`), [document])
      }

      count += 30
    }
  }

  const tenantList = Array.from({ length: tenants }, (_, t) => `    - {name: tenant-${t}, region: ${regions[t % 3]}}`)
  writeFileSync(join(dir, 'omsctl.yaml'), `apiVersion: omsctl.dev/v1
kind: Project
metadata: {name: layered-bench}
spec:
  layers: [global, 'regions/{region}', 'tenants/{tenant}', 'tenants/{tenant}/{environment}']
  environments:
    - {name: staging, apiUrl: 'http://127.0.0.1:1', tokenEnv: STAGING_TOKEN}
    - {name: prod, apiUrl: 'http://127.0.0.1:1', tokenEnv: PROD_TOKEN}
  tenants:
${tenantList.join('\n')}
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
  writeFileSync(join(dir, 'tenants', 'tenant-7', 'prod', 'd-20.yaml'),
    readFileSync(join(dir, 'tenants', 'tenant-7', 'prod', 'd-20.yaml'), 'utf8').replace('own-7-20', 'own-7-20b'))

  const flat = join(work, 'layers-flat')
  generateRepo(flat, documents)

  const full = await median(3, () => measure('node', [omsctl, 'validate', dir, '--no-cache']))
  const changed = await median(3, () => measure('node', [omsctl, 'validate', dir, '--no-cache', '--changed-since', 'base', '--json']))
  const unlayered = await median(3, () => measure('node', [omsctl, 'validate', flat, '--no-cache']))
  for (const run of [full, changed, unlayered]) {
    if (run.exitCode !== 0) throw new Error(`validate failed in the layers bench:\n${run.stdout.slice(0, 2000)}`)
  }

  const targets = (JSON.parse(changed.stdout) as { summary: { targets: number } }).summary.targets
  console.log(`\nlayers (issue 5): ${documents} documents, 200 tenants x 2 environments over 3 regions, medians`)
  console.log(table([
    ['run', 'wall s', 'RSS MB', 'ratio'],
    ['all 400 targets', fixed(full.wallMs / 1000), Math.round(full.peakRssMb), `${fixed(full.wallMs / unlayered.wallMs)} x unlayered`],
    [`--changed-since (one tenant file, ${targets} targets)`, fixed(changed.wallMs / 1000), Math.round(changed.peakRssMb), `${fixed(100 * changed.wallMs / full.wallMs, 1)} % of full`],
    [`unlayered, same ${documents} documents`, fixed(unlayered.wallMs / 1000), Math.round(unlayered.peakRssMb), '1.00'],
  ]))
  rmSync(dir, { recursive: true, force: true })
  rmSync(flat, { recursive: true, force: true })
}
