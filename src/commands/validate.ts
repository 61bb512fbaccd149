import { Args, Flags } from '@oclif/core'

import { BaseCommand, EXIT_CODES_HELP } from '../cli/base-command.js'
import type { ValidationReport } from '../check/validate-project.js'
import { ExitCode } from '../errors.js'

export default class Validate extends BaseCommand {
  static override summary = 'Check every settings document against its schema and the project rules.'

  static override description = `Loads the repository (omsctl.yaml and the folders it names), checks each \
document against its kind's JSON Schema, and checks what a schema cannot: real IANA timezones, \
ISO currency and country codes, BCP 47 locales, unique names. Every problem is reported with \
file:line:column, the rule and a hint. Nothing is written except the parse cache of a clean run.

${EXIT_CODES_HELP}`

  static override examples = [
    { description: 'Validate the repository in the current folder', command: '<%= config.bin %> validate' },
    { description: 'Validate another repository', command: '<%= config.bin %> validate examples/acme' },
    { description: 'Annotate a pull request in GitHub Actions', command: '<%= config.bin %> validate --format github' },
    { description: 'In a pull request, check only the targets its changes affect', command: '<%= config.bin %> validate --changed-since origin/main' },
    { description: 'Check one target', command: '<%= config.bin %> validate --target prod/acme-eu' },
    { description: 'Machine-readable result (schemas/validate-output.schema.json)', command: '<%= config.bin %> validate --json' },
  ]

  static override args = {
    path: Args.string({ description: 'Settings repository (default: the one containing the current folder)' }),
  }

  static override flags = {
    'format': Flags.string({
      description: 'Output format.',
      options: ['human', 'github'],
      default: 'human',
    }),
    'target': Flags.string({
      char: 't',
      description: 'Check only this target (ENV/TENANT); repeatable. Default: every target.',
      multiple: true,
    }),
    'changed-since': Flags.string({
      description: 'Check only the targets that files changed since this git revision can affect.',
    }),
    'cache': Flags.boolean({
      description: 'Reuse the parse of unchanged files from .omsctl/cache.',
      default: true,
      allowNo: true,
    }),
  }

  async run(): Promise<ValidationReport> {
    const { args, flags } = await this.parse(Validate)
    const { findProjectRoot } = await import('../load/load-project.js')
    const { validateProject } = await import('../check/validate-project.js')

    const root = await findProjectRoot(args.path ?? '.', args.path === undefined)
    const report = await validateProject(root, {
      cache: flags.cache,
      version: this.config.version,
      ...(flags.target ? { targets: flags.target } : {}),
      ...(flags['changed-since'] ? { changedSince: flags['changed-since'] } : {}),
    })
    if (!report.valid) process.exitCode = ExitCode.failure

    if (!this.jsonEnabled()) await this.render(report, flags.format)
    return report
  }

  private async render(report: ValidationReport, format: string): Promise<void> {
    if (format === 'github') {
      const { renderGithubAnnotations } = await import('../render/github.js')
      if (report.problems.length > 0) this.log(renderGithubAnnotations(report.problems))
      return
    }

    const { renderProblems } = await import('../render/problems.js')
    this.log(renderProblems(report))
  }
}
