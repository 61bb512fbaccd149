import { Args, Flags } from '@oclif/core'

import { refFlag, targetFlags } from '../api/target-flags.js'
import type { ApplyResult } from '../apply/apply-plan.js'
import { BaseCommand, EXIT_CODES_HELP } from '../cli/base-command.js'
import { UserError } from '../errors.js'
import type { Plan } from '../plan/plan-types.js'

interface PlanHereFlags {
  'target'?: string
  'api-url'?: string
  'request-timeout'?: number
  'ref'?: string
  'auto-approve': boolean
  'prune': boolean
  'allow-delete-protected': boolean
}

export default class Apply extends BaseCommand {
  static override summary = 'Apply a saved plan, or plan and apply after confirmation.'

  static override description = `With PLAN (a file from \`omsctl plan --out\`): checks its format and \
target, takes the tenant's apply lock, resolves secret references from the environment (env:NAME) \
or files (file:path), and sends the plan as one atomic changeset guarded by the live versions \
the plan saw. If any resource changed since, nothing is applied and each stale resource is named.

Without PLAN: plans, shows the plan, and asks you to type "yes" (--auto-approve skips the \
question; without a terminal and without --auto-approve it refuses).

Every write carries the git commit, its author and the plan id for the server's audit log. A \
failure at any point leaves live unchanged or fully changed; run the same command again to \
converge: the server recognises a changeset it already applied.

${EXIT_CODES_HELP}`

  static override examples = [
    { description: 'Apply a reviewed plan', command: '<%= config.bin %> apply plan.json' },
    { description: 'Plan, confirm and apply', command: '<%= config.bin %> apply --target staging/acme-eu' },
    { description: 'In a pipeline, without a question', command: '<%= config.bin %> apply -t staging/acme-eu --auto-approve' },
  ]

  static override args = {
    plan: Args.string({ description: 'Plan file written by omsctl plan --out.' }),
  }

  static override flags = {
    ...targetFlags,
    ...refFlag,
    'auto-approve': Flags.boolean({ description: 'Apply without asking (when planning here).', default: false }),
    'prune': Flags.boolean({ description: 'When planning here: delete managed resources no longer in git.', default: false }),
    'allow-delete-protected': Flags.boolean({ description: 'When planning here: allow deleting protected kinds.', default: false }),
  }

  async run(): Promise<ApplyResult> {
    const { args, flags } = await this.parse(Apply)
    const { applyPlan } = await import('../apply/apply-plan.js')
    const { terminalProgress } = await import('../apply/terminal-progress.js')

    const { plan, client, root } = args.plan === undefined
      ? await this.planHere(flags)
      : await this.savedPlan(args.plan, flags)

    const result = await applyPlan(client, plan, {
      secrets: { env: process.env, root },
      ...(plan.git.author === null ? {} : { author: plan.git.author }),
      ...(this.jsonEnabled() ? {} : { progress: terminalProgress() }),
    })

    if (!this.jsonEnabled()) {
      const { renderApplyResult } = await import('../render/plan-applied.js')
      this.log(renderApplyResult(result))
    }

    return result
  }

  private async savedPlan(file: string, flags: { 'target'?: string, 'api-url'?: string, 'ref'?: string }) {
    const { readPlanFile } = await import('../plan/plan-file.js')
    const { findProjectRoot } = await import('../load/load-project.js')
    const { targetFromProject } = await import('../api/project-target.js')
    const { clientFor } = await import('../api/client-for.js')

    const plan = await readPlanFile(file)
    if (flags.ref !== undefined) {
      throw new UserError('--ref applies only when planning here; a saved plan records its own commit', { code: 'usage' })
    }

    if (flags.target !== undefined && flags.target !== plan.target.name) {
      throw new UserError(`The plan is for ${plan.target.name}, not ${flags.target}`, {
        code: 'apply/wrong-target',
        hint: `plan ${flags.target} separately, or drop --target to apply to ${plan.target.name}`,
      })
    }

    const root = await findProjectRoot('.')
    const target = await targetFromProject(root, plan.target.name)
    const client = clientFor(target, flags, this.config.version)
    return { plan, client, root }
  }

  private async planHere(flags: PlanHereFlags) {
    const { loadDesired } = await import('../plan/desired-input.js')
    const { runPlan } = await import('../plan/run-plan.js')
    const { confirmApply } = await import('../apply/confirm.js')

    const input = await loadDesired({
      target: flags.target, ref: flags.ref, client: flags, omsctlVersion: this.config.version,
    })
    const plan: Plan = await runPlan(input, {
      prune: flags.prune, allowDeleteProtected: flags['allow-delete-protected'], omsctlVersion: this.config.version,
    })

    if (plan.changes.length > 0) {
      if (!this.jsonEnabled()) {
        const { renderPlan } = await import('../render/plan-human.js')
        this.log(renderPlan(plan))
      }

      if (!flags['auto-approve']) {
        const interactive = Boolean(process.stdin.isTTY) && !this.jsonEnabled()
        await confirmApply(`Apply these changes to ${plan.target.name}? Type yes to apply:`, interactive)
      }
    }

    return { plan, client: input.client, root: input.root }
  }
}
