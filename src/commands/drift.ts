import { Flags } from '@oclif/core'

import { formatFlag, refFlag, targetFlags } from '../api/target-flags.js'
import { BaseCommand, EXIT_CODES_HELP } from '../cli/base-command.js'
import type { DriftReport } from '../drift/drift-types.js'
import { ExitCode } from '../errors.js'

export default class Drift extends BaseCommand {
  static override summary = 'Find where live settings differ from git, and who changed them.'

  static override description = `Compares the live settings of a target with the desired state at a \
git revision (--ref; default: the working tree), per resource and field, and names from the \
server's audit log who changed each drifted field live, and when.

Live resources that are neither in git nor managed by omsctl are listed as unmanaged, not as \
drift, unless --include-unmanaged. Secrets are compared by fingerprint when their value is \
available here.

${EXIT_CODES_HELP}`

  static override examples = [
    { description: 'Drift of production against main', command: '<%= config.bin %> drift --target prod/acme-eu --ref origin/main' },
    { description: 'Nightly job output for an issue comment', command: '<%= config.bin %> drift -t prod/acme-eu --format markdown' },
    { description: 'Count unmanaged resources as drift too', command: '<%= config.bin %> drift -t prod/acme-eu --include-unmanaged' },
  ]

  static override flags = {
    ...targetFlags,
    ...refFlag,
    ...formatFlag,
    'include-unmanaged': Flags.boolean({
      default: false,
      description: 'Report live resources that are not in git and not managed by omsctl as drift.',
    }),
  }

  async run(): Promise<DriftReport> {
    const { flags } = await this.parse(Drift)
    const { loadDesired } = await import('../plan/desired-input.js')
    const { runDrift } = await import('../drift/run-drift.js')

    const input = await loadDesired({
      target: flags.target, ref: flags.ref, client: flags, omsctlVersion: this.config.version,
    })
    const report = await runDrift(input, { includeUnmanaged: flags['include-unmanaged'] })
    if (report.drifted.length > 0) process.exitCode = ExitCode.changes
    if (this.jsonEnabled()) return report

    if (flags.format === 'markdown') {
      const { renderDriftMarkdown } = await import('../render/drift-markdown.js')
      this.log(renderDriftMarkdown(report))
    } else {
      const { renderDrift } = await import('../render/drift-human.js')
      this.log(renderDrift(report))
    }

    return report
  }
}
