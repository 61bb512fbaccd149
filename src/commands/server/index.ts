import { Flags } from '@oclif/core'

import { BaseCommand, EXIT_CODES_HELP } from '../../cli/base-command.js'
import { UserError } from '../../errors.js'
import type { StorageLocation } from '../../server/storage/open-storage.js'
import { storageFlags, storageLocation } from '../../server/storage-flags.js'

export default class Server extends BaseCommand {
  static override summary = 'Run the reference OMS Administration API server.'

  static override description = `Serves the Admin API of schemas/openapi.yaml: resources per tenant \
with versions, atomic changesets, idempotent writes, a hash-chained audit log, tenant apply \
locks, tokens with roles. Without --db or --database-url it keeps its data in ${'./.omsctl/server.db'} \
(SQLite, created and migrated on start).

Prints "listening on http://HOST:PORT" on stdout once it accepts requests (with --json: one \
line {"url", "storage"}); logs go to stderr as JSON lines. SIGTERM or SIGINT stop it \
gracefully: requests in flight finish, then the database is closed.

Secret values are encrypted with the key in OMSCTL_SERVER_KEY (base64 of 32 bytes) or \
--key-file; with SQLite and neither, a key file is created beside the database.

${EXIT_CODES_HELP}`

  static override examples = [
    { description: 'Start on the default SQLite file, port 7070', command: '<%= config.bin %> server' },
    { description: 'Pick a free port', command: '<%= config.bin %> server --port 0' },
    {
      description: 'Serve from PostgreSQL (several instances may share it)',
      command: 'OMSCTL_SERVER_KEY=$(cat key) <%= config.bin %> server --database-url postgres://oms@db/oms',
    },
  ]

  static override flags = {
    'port': Flags.integer({ description: 'TCP port; 0 picks a free one.', default: 7070, min: 0, max: 65_535 }),
    'host': Flags.string({ description: 'Address to listen on.', default: '127.0.0.1' }),
    ...storageFlags,
    'key-file': Flags.string({ description: 'File holding the base64 key for secret values.' }),
    'log-level': Flags.string({
      description: 'Least severe log level written to stderr.',
      options: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      default: 'info',
    }),
    'body-limit': Flags.integer({
      description: 'Largest request body accepted, in MiB.', default: 64, min: 1, max: 1024,
    }),
    'sqlite-synchronous': Flags.string({
      description: 'SQLite durability: normal keeps every commit through a crash of the '
        + 'process; full also through a power cut, at one fsync per commit.',
      options: ['normal', 'full'],
      default: 'normal',
    }),
    'rate-limit': Flags.integer({
      description: 'Requests per minute per token (429 above it); 0 turns the limit off.',
      default: 6000,
      min: 0,
    }),
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(Server)
    const { startServer } = await import('../../server/start-server.js')

    const server = await startServer({
      host: flags.host,
      port: flags.port,
      location: withSynchronous(storageLocation(flags), flags['sqlite-synchronous']),
      envKey: process.env.OMSCTL_SERVER_KEY,
      keyFile: flags['key-file'],
      logLevel: flags['log-level'] as 'info',
      bodyLimitBytes: flags['body-limit'] * 1024 * 1024,
      rateLimitPerMinute: flags['rate-limit'],
    }).catch((error: unknown) => {
      throw listenError(error, flags.host, flags.port)
    })

    process.stdout.write(this.jsonEnabled()
      ? `${JSON.stringify({ url: server.url, storage: server.storage })}\n`
      : `listening on ${server.url}\n`)

    await untilSignal()
    await server.close()
  }
}

function withSynchronous(location: StorageLocation, synchronous: string): StorageLocation {
  return location.kind === 'sqlite'
    ? { ...location, synchronous: synchronous === 'full' ? 'full' : 'normal' }
    : location
}

/** Resolves on the first SIGTERM or SIGINT; a second one gets Node's default (exit now). */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', stop)
      process.off('SIGINT', stop)
      resolve(signal)
    }

    process.on('SIGTERM', stop)
    process.on('SIGINT', stop)
  })
}

function listenError(error: unknown, host: string, port: number): unknown {
  const code = (error as { code?: string }).code
  if (code === 'EADDRINUSE') {
    return new UserError(`Port ${port} on ${host} is already in use`, {
      code: 'server/port', hint: 'stop the other process, or pass --port 0 for a free port',
    })
  }

  if (code === 'EADDRNOTAVAIL' || code === 'EACCES') {
    return new UserError(`Cannot listen on ${host}:${port} (${code})`, {
      code: 'server/listen', hint: 'check --host and --port', cause: error,
    })
  }

  return error
}
