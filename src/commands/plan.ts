import { Flags } from '@oclif/core'

import { formatFlag, refFlag, targetFlags } from '../api/target-flags.js'
import { BaseCommand, EXIT_CODES_HELP } from '../cli/base-command.js'
import { ExitCode } from '../errors.js'
import type { Plan } from '../plan/plan-types.js'
import type { TargetAffected } from '../plan/target-affected.js'

export default class PlanCommand extends BaseCommand {
  static override summary = 'Show what apply would change in a target, and optionally save it.'

  static override description = `Compares the desired state of a target (the working tree, or \
--ref REV) with the live settings read from its API in bulk, and lists the creates, updates \
and deletes, field by field, in dependency order. Secret fields show whether the value \
changed (by fingerprint, when the value is available here), never the value.

Only resources that omsctl manages are deleted, and only with --prune; protected kinds \
(AuditPolicy, EncryptionPolicy, RetentionPolicy) also need --allow-delete-protected.
--changed-since REV first asks git which files changed since REV; when none of them can \
change the target's desired state (another tenant's or region's files), it says so and stops \
without reading the API or writing --out, so CI can run it for every target of a pull request.

--out saves the plan for \`omsctl apply PLAN\`: target, git commit, desired-state digest, \
and the live version every change was computed against, in the shape of \
schemas/plan.schema.json (as --json prints it). It holds no secret value.

${EXIT_CODES_HELP}
  With --detailed-exitcode: 0 no changes, 2 changes, 1 error. Without it, 0 unless an error.`

  static override examples = [
    { description: 'Plan a target', command: '<%= config.bin %> plan --target prod/acme-eu' },
    { description: 'Save the plan for review and apply', command: '<%= config.bin %> plan -t prod/acme-eu --out plan.json' },
    { description: 'Plan what is merged on main', command: '<%= config.bin %> plan -t prod/acme-eu --ref origin/main' },
    { description: 'A pull-request comment', command: '<%= config.bin %> plan -t staging/acme-eu --format markdown > plan.md' },
    { description: 'In a pull request, plan only if its changes can affect the target', command: '<%= config.bin %> plan -t prod/acme-eu --changed-since origin/main' },
    { description: 'In CI: exit 2 when there are changes', command: '<%= config.bin %> plan -t prod/acme-eu --detailed-exitcode' },
  ]

  static override flags = {
    ...targetFlags,
    ...refFlag,
    ...formatFlag,
    'out': Flags.string({ char: 'o', description: 'Save the plan to this file (JSON) for omsctl apply.' }),
    'prune': Flags.boolean({ description: 'Delete managed live resources that are no longer in git.', default: false }),
    'allow-delete-protected': Flags.boolean({
      default: false,
      description: 'Allow --prune to delete protected kinds (audit, encryption, retention).',
    }),
    'detailed-exitcode': Flags.boolean({ description: 'Exit 2 when the plan has changes.', default: false }),
    'changed-since': Flags.string({
      description: 'Plan only when files changed since this git revision can affect the target.',
      exclusive: ['ref'],
    }),
  }

  async run(): Promise<Plan | TargetAffected> {
    const { flags } = await this.parse(PlanCommand)
    if (flags['changed-since'] !== undefined) {
      const { targetAffected } = await import('../plan/target-affected.js')
      const scope = await targetAffected('.', flags.target, flags['changed-since'])
      if (!scope.affected) {
        this.log(`No file changed since ${scope.changedSince} (${scope.changedFiles} changed) `
          + `affects ${scope.target}: nothing to plan.`)
        return scope
      }
    }

    const { loadDesired } = await import('../plan/desired-input.js')
    const { runPlan } = await import('../plan/run-plan.js')

    const input = await loadDesired({
      target: flags.target, ref: flags.ref, client: flags, omsctlVersion: this.config.version,
    })
    const plan = await runPlan(input, {
      prune: flags.prune,
      allowDeleteProtected: flags['allow-delete-protected'],
      omsctlVersion: this.config.version,
    })

    if (flags.out !== undefined) {
      const { writePlanFile } = await import('../plan/plan-file.js')
      await writePlanFile(flags.out, plan)
    }

    if (flags['detailed-exitcode'] && plan.changes.length > 0) process.exitCode = ExitCode.changes
    if (this.jsonEnabled()) return plan

    if (flags.format === 'markdown') {
      const { renderPlanMarkdown } = await import('../render/plan-markdown.js')
      this.log(renderPlanMarkdown(plan))
    } else {
      const { renderPlan } = await import('../render/plan-human.js')
      this.log(renderPlan(plan))
      if (flags.out !== undefined) this.log(`Saved to ${flags.out}; apply it with: omsctl apply ${flags.out}`)
    }

    return plan
  }
}
