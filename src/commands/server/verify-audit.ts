import { BaseCommand, EXIT_CODES_HELP } from '../../cli/base-command.js'
import { ExitCode } from '../../errors.js'
import type { ChainReport } from '../../server/audit-verify.js'
import { keyFlags, storageFlags, storageLocation } from '../../server/storage-flags.js'

export default class VerifyAudit extends BaseCommand {
  static override summary = 'Check the server\'s audit log for edited, removed or reordered entries.'

  static override description = `Reads the whole audit chain from the server's database (the same \
--db or --database-url as the server) and recomputes every entry's hash and link to the entry \
before it. The hashes are keyed with the server's key (OMSCTL_SERVER_KEY, --key-file, or the \
server.key beside an SQLite database), so an entry edited by someone without the key cannot \
be made to fit again; the chain head (the newest entry's number and hash) is keyed too, so \
entries removed from the end are caught. Every stored resource is then compared with the last \
entry about it, which also catches resources changed outside the API. Any entry changed, \
removed or moved after it was written is reported with its sequence number. Exits 1 when the \
chain is broken.

${EXIT_CODES_HELP}`

  static override examples = [
    { description: 'Verify the default SQLite database', command: '<%= config.bin %> server verify-audit' },
    {
      description: 'Verify a PostgreSQL database, as JSON',
      command: '<%= config.bin %> server verify-audit --database-url postgres://oms@db/oms --json',
    },
  ]

  static override flags = { ...storageFlags, ...keyFlags }

  async run(): Promise<ChainReport> {
    const { flags } = await this.parse(VerifyAudit)
    const { verifyDatabaseChain } = await import('../../server/audit-verify.js')

    const report = await verifyDatabaseChain(storageLocation(flags), {
      envKey: process.env.OMSCTL_SERVER_KEY, keyFile: flags['key-file'],
    })
    if (!report.ok) process.exitCode = ExitCode.failure

    if (!this.jsonEnabled()) this.render(report)
    return report
  }

  private render(report: ChainReport): void {
    if (report.ok) {
      this.log(`Audit chain intact: ${report.checked} entries checked; `
        + `${report.resourcesChecked} resources match their last entry.`)
      return
    }

    this.logToStderr(`Audit chain broken: ${report.problems.length} problem(s) in `
      + `${report.checked} entries.`)
    for (const problem of report.problems) this.logToStderr(`  entry ${problem.seq}: ${problem.problem}`)
  }
}
