import { targetFlags } from '../../api/target-flags.js'
import type { LockInfo } from '../../api/live-resource.js'
import { BaseCommand, EXIT_CODES_HELP } from '../../cli/base-command.js'

export default class LockStatus extends BaseCommand {
  static override summary = 'Show who holds the apply lock of a target\'s tenant.'

  static override description = `Prints the holder, lock id and expiry of the tenant's apply lock, or \
that it is free.

${EXIT_CODES_HELP}`

  static override examples = [
    { description: 'Is anyone applying to production?', command: '<%= config.bin %> lock status --target prod/acme-eu' },
  ]

  static override flags = { ...targetFlags }

  async run(): Promise<{ tenant: string, lock: LockInfo | null }> {
    const { flags } = await this.parse(LockStatus)
    const { findProjectRoot } = await import('../../load/load-project.js')
    const { targetFromProject } = await import('../../api/project-target.js')
    const { clientFor } = await import('../../api/client-for.js')
    const { currentLock } = await import('../../api/lock-api.js')

    const target = await targetFromProject(await findProjectRoot('.'), flags.target)
    const client = clientFor(target, flags, this.config.version)
    const tenant = target.tenant.name
    const lock = await currentLock(client, tenant) ?? null

    if (!this.jsonEnabled()) {
      this.log(lock === null
        ? `Tenant ${tenant} is not locked.`
        : `Tenant ${tenant} is locked by ${lock.holder} (lock ${lock.lockId}) until ${lock.expiresAt}.`)
    }

    return { tenant, lock }
  }
}
