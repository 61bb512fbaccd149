import { Flags } from '@oclif/core'

import { BaseCommand, EXIT_CODES_HELP } from '../../../cli/base-command.js'
import { UserError } from '../../../errors.js'
import { storageFlags, storageLocation } from '../../../server/storage-flags.js'
import { ROLES, type Role } from '../../../server/tokens.js'

const TENANT = /^(\*|[a-z0-9]([a-z0-9-]{0,62}[a-z0-9]))$/

export interface CreatedToken {
  token: string
  id: string
  name: string
  role: string
  tenants: string[]
}

export default class TokenCreate extends BaseCommand {
  static override summary = 'Create an API token for the reference server.'

  static override description = `Writes a new token straight into the server's database (the \
same --db or --database-url as the server; no running server needed, so a fresh install can \
create its first admin token). Prints the token alone on stdout, once: only its hash is stored.

Roles: read (GET resources), plan (read and the audit log), apply (writes, changesets, locks), \
admin (everything: force-release locks, sessions, metrics, audit verification).

${EXIT_CODES_HELP}`

  static override examples = [
    {
      description: 'A token for CI that applies to one tenant',
      command: '<%= config.bin %> server token create --role apply --tenant acme-eu --name ci',
    },
    { description: 'The first admin, for all tenants', command: '<%= config.bin %> server token create --role admin --tenant \'*\'' },
  ]

  static override flags = {
    role: Flags.string({ description: 'What the token may do.', options: [...ROLES], required: true }),
    tenant: Flags.string({
      description: 'Tenant the token reaches; repeat for several; * for all.',
      multiple: true,
      required: true,
    }),
    name: Flags.string({ description: 'Name shown as the actor in the audit log (default: role-id).' }),
    ...storageFlags,
  }

  async run(): Promise<CreatedToken> {
    const { flags } = await this.parse(TokenCreate)
    const bad = flags.tenant.find(tenant => !TENANT.test(tenant))
    if (bad !== undefined) {
      throw new UserError(`Invalid tenant ${JSON.stringify(bad)}`, {
        code: 'usage', hint: 'a tenant name is 2-64 of a-z, 0-9 and -, or * for all tenants',
      })
    }

    const { openStorage } = await import('../../../server/storage/open-storage.js')
    const { createToken } = await import('../../../server/tokens.js')
    const storage = await openStorage(storageLocation(flags))
    try {
      const { token, record } = await createToken(storage, {
        role: flags.role as Role,
        tenants: flags.tenant,
        ...(flags.name === undefined ? {} : { name: flags.name }),
      })
      if (!this.jsonEnabled()) this.log(token)
      return { token, id: record.id, name: record.name, role: record.role, tenants: record.tenants }
    } finally {
      await storage.close()
    }
  }
}
