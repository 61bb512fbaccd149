import { execa } from 'execa'
import { rmSync } from 'node:fs'
import { join } from 'node:path'

import { generateRepo } from './generate-repo.js'
import { fixed, measure, median, table } from './measure.js'
import { bareOclif } from './startup.js'

const root = join(import.meta.dirname, '..')
const work = join(root, 'bench', '.work')
const omsctl = join(root, 'bin', 'run.js')
const ajvCli = join(root, 'node_modules', '.bin', 'ajv')

async function floor(dir: string): Promise<number> {
  const result = await execa('node', [join(root, 'bench', 'floor.js'), dir])
  return (JSON.parse(result.stdout) as { ms: number }).ms
}

/** Issue 2: validate as a whole process against the in-process floor and ajv-cli. */
export async function benchValidate(): Promise<void> {
  const rows: (string | number)[][] = [
    ['documents', 'omsctl cold s', 'docs/s', 'RSS MB', 'warm s', 'floor s', 'x floor', 'ajv-cli s', 'x ajv-cli'],
  ]

  for (const wanted of [1_000, 20_000]) {
    const dir = join(work, `validate-${wanted}`)
    const count = generateRepo(dir, wanted).documents
    const cold = await median(3, () => measure('node', [omsctl, 'validate', dir, '--no-cache']))
    if (cold.exitCode !== 0) throw new Error(`validate failed on the bench repository:\n${cold.stdout.slice(0, 2000)}`)

    await measure('node', [omsctl, 'validate', dir])
    const warm = await median(3, () => measure('node', [omsctl, 'validate', dir]))
    const floors = [await floor(dir), await floor(dir), await floor(dir)]
    const floorMs = floors.sort((a, b) => a - b)[1]!
    const ajv = await median(3, () => measure(ajvCli, [
      'validate', '--spec=draft2020', '--strict=false', '--all-errors', '-c', 'ajv-formats',
      '-s', join(root, 'schemas', 'document.schema.json'),
      '-r', join(root, 'schemas', 'common.schema.json'),
      '-r', join(root, 'schemas', 'canonical-order.schema.json'),
      '-r', join(root, 'schemas', 'kinds', '*.schema.json'),
      '-d', join(dir, 'tenants', '**', '*.yaml'),
    ]))

    if (ajv.exitCode !== 0) throw new Error(`ajv-cli failed on the bench repository:\n${ajv.stdout.slice(-2000)}`)
    rows.push([
      count, fixed(cold.wallMs / 1000), Math.round(count / (cold.wallMs / 1000)),
      Math.round(cold.peakRssMb),
      fixed(warm.wallMs / 1000), fixed(floorMs / 1000), fixed(cold.wallMs / floorMs),
      fixed(ajv.wallMs / 1000), fixed(cold.wallMs / ajv.wallMs),
    ])
    rmSync(dir, { recursive: true, force: true })
  }

  console.log('\nvalidate (issue 2): whole process, medians; floor = read + js-yaml + compiled ajv in process')
  console.log(table(rows))

  const bare = await bareOclif(join(work, 'bare-oclif'))
  const version = await median(9, () => measure('node', [omsctl, '--version']))
  const hello = await median(9, () => measure('node', [bare, 'hello']))
  console.log(`\nstart-up: omsctl --version ${Math.round(version.wallMs)} ms, bare oclif command `
    + `${Math.round(hello.wallMs)} ms, ratio ${fixed(version.wallMs / hello.wallMs)}`)
}
