import { execa } from 'execa'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * A bare oclif CLI with one command and a manifest, next to omsctl so it resolves the same
 * @oclif/core: the reference for start-up time.
 */
export async function bareOclif(dir: string): Promise<string> {
  mkdirSync(join(dir, 'commands'), { recursive: true })
  mkdirSync(join(dir, 'bin'), { recursive: true })
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: 'bare', version: '1.0.0', type: 'module', files: ['bin', 'commands'],
    oclif: { bin: 'bare', commands: './commands' },
  }))
  writeFileSync(join(dir, 'bin', 'run.js'), `import { execute } from '@oclif/core'\nawait execute({ dir: import.meta.url })\n`)
  writeFileSync(join(dir, 'commands', 'hello.js'), `import { Command } from '@oclif/core'
export default class Hello extends Command {
  static description = 'say hello'
  async run() { this.log('hello') }
}
`)
  await execa('npx', ['oclif', 'manifest'], { cwd: dir })
  return join(dir, 'bin', 'run.js')
}
