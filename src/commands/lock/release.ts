import { Args, Flags } from '@oclif/core'

import { targetFlags } from '../../api/target-flags.js'
import { BaseCommand, EXIT_CODES_HELP } from '../../cli/base-command.js'
import { UserError } from '../../errors.js'

export default class LockRelease extends BaseCommand {
  static override summary = 'Release the apply lock of a target\'s tenant.'

  static override description = `An apply takes its tenant's lock and releases it when done; an apply \
that died keeps it until it expires. The token that took a lock may release it; with --force an \
admin token releases anyone's (use it only when the holder is known to be gone).

${EXIT_CODES_HELP}`

  static override examples = [
    { description: 'Free a lock left by a crashed apply', command: '<%= config.bin %> lock release 3f2a... --force --target prod/acme-eu' },
  ]

  static override args = {
    lockId: Args.string({ description: 'Lock id, as shown by omsctl lock status or the locked error.', required: true }),
  }

  static override flags = {
    ...targetFlags,
    force: Flags.boolean({ description: 'Release a lock taken by another token (admin role).', default: false }),
  }

  async run(): Promise<{ tenant: string, lockId: string, released: true }> {
    const { args, flags } = await this.parse(LockRelease)
    const { findProjectRoot } = await import('../../load/load-project.js')
    const { targetFromProject } = await import('../../api/project-target.js')
    const { clientFor } = await import('../../api/client-for.js')
    const { releaseLock } = await import('../../api/lock-api.js')

    const target = await targetFromProject(await findProjectRoot('.'), flags.target)
    const client = clientFor(target, flags, this.config.version)
    const tenant = target.tenant.name

    const released = await releaseLock(client, tenant, args.lockId, flags.force)
    if (!released) {
      throw new UserError(`No active lock ${args.lockId} on tenant ${tenant}`, {
        code: 'lock/not-found',
        hint: 'it may have expired or been released; `omsctl lock status` shows the current lock',
      })
    }

    if (!this.jsonEnabled()) this.log(`Released lock ${args.lockId} of tenant ${tenant}.`)
    return { tenant, lockId: args.lockId, released: true }
  }
}
