import { Args, Flags } from '@oclif/core'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

import { BaseCommand, EXIT_CODES_HELP } from '../cli/base-command.js'
import { UserError } from '../errors.js'

export default class Owners extends BaseCommand {
  static override summary = 'Print a CODEOWNERS file from the ownership rules in omsctl.yaml.'

  static override description = `omsctl.yaml can name, per path pattern of the repository, the teams that own \
it (spec.owners). This turns them into a CODEOWNERS file, so that a pull request touching a region's tax \
settings asks that region's tax team, and business units can change their own settings without \
being given the global ones. When the settings are a subfolder of the git repository, paths are \
anchored at that folder, as GitHub reads CODEOWNERS from the repository root. --out and --check \
are relative to the current folder. --check fails when the committed file is out of date.

${EXIT_CODES_HELP}`

  static override examples = [
    { description: 'Print the file', command: '<%= config.bin %> owners' },
    { description: 'Write it where GitHub reads it', command: '<%= config.bin %> owners --out .github/CODEOWNERS' },
    { description: 'Fail CI when it is stale', command: '<%= config.bin %> owners --check .github/CODEOWNERS' },
  ]

  static override args = {
    path: Args.string({ description: 'Settings repository (default: the one containing the current folder).' }),
  }

  static override flags = {
    out: Flags.string({ description: 'Write the file here (relative to the current folder).', exclusive: ['check'] }),
    check: Flags.string({ description: 'Compare with this file (relative to the current folder); exit 1 when it differs.' }),
  }

  async run(): Promise<{ codeowners: string, upToDate?: boolean }> {
    const { args, flags } = await this.parse(Owners)
    const { assertProjectFileValid, findProjectRoot, loadProject } = await import('../load/load-project.js')
    const { renderCodeowners } = await import('../owners/codeowners.js')
    const { folderInRepository } = await import('../git/run-git.js')

    const root = await findProjectRoot(args.path ?? '.', args.path === undefined)
    const project = await loadProject(root, { only: () => false })
    assertProjectFileValid(project)
    const codeowners = renderCodeowners(project.config, await folderInRepository(root))

    if (flags.check) {
      let current = ''
      try {
        current = readFileSync(resolve(flags.check), 'utf8')
      } catch {
        // A missing file is simply out of date.
      }

      if (current !== codeowners) {
        throw new UserError(`${flags.check} is out of date with omsctl.yaml`, {
          hint: `run \`omsctl owners --out ${flags.check}\` and commit the result`,
          code: 'codeowners_stale',
        })
      }

      if (!this.jsonEnabled()) this.log(`${flags.check} is up to date`)
      return { codeowners, upToDate: true }
    }

    if (flags.out) {
      mkdirSync(dirname(resolve(flags.out)), { recursive: true })
      writeFileSync(resolve(flags.out), codeowners)
      if (!this.jsonEnabled()) this.log(`wrote ${flags.out}`)
    } else if (!this.jsonEnabled()) {
      this.log(codeowners.trimEnd())
    }

    return { codeowners }
  }
}
