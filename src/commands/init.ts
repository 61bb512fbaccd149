import { Args, Flags } from '@oclif/core'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { relative, resolve } from 'node:path'

import { BaseCommand, EXIT_CODES_HELP } from '../cli/base-command.js'
import { fileSystemError, UserError } from '../errors.js'

export default class Init extends BaseCommand {
  static override summary = 'Create a new settings repository that validates as created.'

  static override description = `Writes omsctl.yaml, one document of every kind with sensible defaults \
under settings/, the JSON Schemas under schemas/ with editor settings that use them, a .gitignore, \
a package.json that pins the omsctl CI runs, and a GitHub Actions workflow that installs it and \
validates every push and pull request. Refuses to write into a folder that already holds a project.

${EXIT_CODES_HELP}`

  static override examples = [
    { description: 'Start a repository in a new folder', command: '<%= config.bin %> init oms-settings --name acme' },
    { description: 'Start one in the current folder', command: '<%= config.bin %> init' },
    {
      description: 'Pin the omsctl that CI installs to a commit of your own mirror',
      command: '<%= config.bin %> init --omsctl-source github:acme/omsctl#3f2c9e1',
    },
  ]

  static override args = {
    dir: Args.string({ description: 'Folder to create the repository in.', default: '.' }),
  }

  static override flags = {
    'name': Flags.string({ description: 'Project name (default: the folder name).' }),
    'tenant': Flags.string({ description: 'Name of the first tenant.', default: 'example' }),
    'omsctl-source': Flags.string({
      description: 'Where CI installs omsctl from, as an npm dependency spec in package.json: '
        + 'an exact version (default: this omsctl\'s), a git URL with a commit, or a tarball URL.',
    }),
  }

  async run(): Promise<{ dir: string, files: string[] }> {
    const { args, flags } = await this.parse(Init)
    const { scaffold } = await import('../scaffold/scaffold.js')

    const dir = resolve(args.dir)
    const shown = relative('.', dir) || '.'
    if (existsSync(dir) && !statSync(dir).isDirectory()) {
      throw new UserError(`${shown} is a file, not a folder`, {
        hint: 'name a new or empty folder to create the repository in',
        code: 'not_a_folder',
      })
    }

    if (existsSync(resolve(dir, 'omsctl.yaml'))) {
      throw new UserError(`${shown} already holds an omsctl project`, {
        hint: 'choose an empty folder',
        code: 'project_exists',
      })
    }

    if (existsSync(dir) && readdirSync(dir).some(entry => entry !== '.git')) {
      throw new UserError(`${shown} is not empty`, {
        hint: 'init writes into an empty folder (or one holding only .git)',
        code: 'not_empty',
      })
    }

    const name = flags.name ?? defaultName(dir)
    let files: string[]
    try {
      const omsctl = flags['omsctl-source'] ?? this.config.version
      files = scaffold(dir, { name, tenant: flags.tenant, omsctl })
    } catch (error) {
      throw fileSystemError(error, 'create the repository in', shown) ?? error
    }

    if (!this.jsonEnabled()) {
      this.log(`created ${files.length} files in ${shown}`)
      this.log('next: review settings/, run `omsctl validate`, then `npm install` and commit '
        + 'package-lock.json, which pins the omsctl that CI runs')
    }

    return { dir, files }
  }
}

function defaultName(dir: string): string {
  const base = dir.split(/[\\/]/).filter(Boolean).pop() ?? 'oms-settings'
  const name = base.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '')
  return name.length >= 2 ? name.slice(0, 64) : 'oms-settings'
}
