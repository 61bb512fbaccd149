import { Args, Flags } from '@oclif/core'

import { BaseCommand, VALIDATE_EXIT_CODES_HELP } from '../cli/base-command.js'
import type { RunRevision, ValidationReport, ValidationRun } from '../check/validate-project.js'
import { ExitCode } from '../errors.js'

/** Which commit the run saw, and the uncommitted files it included: said, never failed on. */
function describeRevision({ commit, uncommitted }: RunRevision): string | undefined {
  if (!commit) return undefined

  const shown = uncommitted.slice(0, 5).join(', ') + (uncommitted.length > 5 ? ', …' : '')
  return uncommitted.length === 0
    ? `on commit ${commit.slice(0, 12)}`
    : `on commit ${commit.slice(0, 12)}, with uncommitted changes in ${uncommitted.length} `
      + `file(s): ${shown}`
}

export default class Validate extends BaseCommand {
  static override summary = 'Check every settings document against its schema and the project rules.'

  static override description = `Loads the repository (omsctl.yaml and the folders it names), checks each \
document against its kind's JSON Schema, and checks what a schema cannot: real IANA timezones, \
ISO currency and country codes, BCP 47 locales, unique names, and the rule pack (omsctl rules) \
on each target's merged settings. Every problem is reported with file:line:column, the rule and \
a hint. Waivers in force are counted. Nothing is written except the parse cache of a clean run.

Formats: human (default), github (workflow annotations), sarif (SARIF 2.1.0 for code \
scanning), junit (JUnit XML: one test case per rule and target). --json prints \
schemas/validate-output.schema.json and wins over --format.

${VALIDATE_EXIT_CODES_HELP}`

  static override examples = [
    { description: 'Validate the repository in the current folder', command: '<%= config.bin %> validate' },
    { description: 'Validate another repository', command: '<%= config.bin %> validate examples/acme' },
    { description: 'Annotate a pull request in GitHub Actions', command: '<%= config.bin %> validate --format github' },
    { description: 'Upload to GitHub code scanning', command: '<%= config.bin %> validate --format sarif > omsctl.sarif' },
    { description: 'Test report for a CI dashboard', command: '<%= config.bin %> validate --format junit > omsctl-junit.xml' },
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
      options: ['human', 'github', 'sarif', 'junit'],
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
    const { validateProjectRun } = await import('../check/validate-project.js')

    const root = await findProjectRoot(args.path ?? '.', args.path === undefined)
    const human = !this.jsonEnabled() && flags.format === 'human'
    const run = await validateProjectRun(root, {
      cache: flags.cache,
      version: this.config.version,
      ...(flags.target ? { targets: flags.target } : {}),
      ...(flags['changed-since'] ? { changedSince: flags['changed-since'] } : {}),
    })
    const { report } = run
    if (!report.valid) process.exitCode = ExitCode.failure

    if (!this.jsonEnabled()) await this.render(run, flags.format, root)
    const described = human ? describeRevision(report.revision) : undefined
    if (described) this.log(described)
    return report
  }

  private async render(run: ValidationRun, format: string, root: string): Promise<void> {
    const { report } = run
    if (format === 'sarif') {
      const { renderSarif } = await import('../render/sarif.js')
      const { repositoryUri } = await import('../git/remote.js')
      const revisionId = report.revision.commit
      const uri = revisionId === null ? undefined : await repositoryUri(root)
      const provenance = uri && revisionId ? { repositoryUri: uri, revisionId } : undefined
      const options = { version: this.config.version, root, cwd: process.cwd() }
      this.log(renderSarif(run, { ...options, ...(provenance ? { provenance } : {}) }))
      return
    }

    if (format === 'junit') {
      const { renderJunit } = await import('../render/junit.js')
      this.log(renderJunit(run))
      return
    }

    if (format === 'github') {
      const { renderGithubAnnotations } = await import('../render/github.js')
      // the runner resolves annotation paths from the workspace, not from the project
      const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
      const annotations = renderGithubAnnotations(report.problems, { root, workspace })
      if (report.problems.length > 0) this.log(annotations)
      return
    }

    const { renderProblems } = await import('../render/problems.js')
    this.log(renderProblems(report))
  }
}
