import { Args, Flags } from '@oclif/core'

import { BaseCommand, EXIT_CODES_HELP } from '../cli/base-command.js'
import type { Explanation } from '../explain/explain.js'

export default class Explain extends BaseCommand {
  static override summary = 'Show why a setting has its value: the layers that set it, with their git history.'

  static override description = `Resolves the target's layers and prints the value at PATH of RESOURCE, then, \
for every leaf value under it, each layer that set or overrode it (file:line), which one is in effect, \
where a lock stopped an override, and the commit, author and date of each line (git blame).

${EXIT_CODES_HELP}`

  static override examples = [
    {
      description: 'Why are the approval bands of acme-eu in production what they are?',
      command: '<%= config.bin %> explain --target prod/acme-eu ApprovalPolicy/high-value spec.bands',
    },
    { description: 'A whole resource, as JSON', command: '<%= config.bin %> explain -t prod/acme-eu AuditPolicy/default --json' },
  ]

  static override args = {
    resource: Args.string({ description: 'Kind/name, for example AuditPolicy/default.', required: true }),
    path: Args.string({ description: 'Dotted path inside the resource, for example spec.retentionDays.', default: '' }),
  }

  static override flags = {
    target: Flags.string({ char: 't', description: 'ENV/TENANT (default: $OMSCTL_TARGET).' }),
    project: Flags.directory({ char: 'p', description: 'Settings repository (default: the current one).' }),
    blame: Flags.boolean({ description: 'Show the git commit, author and date of each line.', default: true, allowNo: true }),
  }

  async run(): Promise<Explanation> {
    const { args, flags } = await this.parse(Explain)
    const { assertProjectFileValid, findProjectRoot, loadProject } = await import('../load/load-project.js')
    const { parseTarget } = await import('../resolve/target.js')
    const { explain } = await import('../explain/explain.js')

    const root = await findProjectRoot(flags.project ?? '.', flags.project === undefined)
    const project = await loadProject(root)
    assertProjectFileValid(project)
    const target = parseTarget(project.config, flags.target)
    const explanation = await explain(project, target, args.resource, args.path, flags.blame)
    if (!this.jsonEnabled()) {
      const { renderExplanation } = await import('../render/explain.js')
      this.log(renderExplanation(explanation))
    }

    return explanation
  }
}
