import { readFileSync } from 'node:fs'

import { AuditChain, bindingError } from './audit-chain.js'
import { TokenResolver } from './auth.js'
import { buildApp } from './app.js'
import { purgeExpiredKeys } from './idempotency.js'
import { type LogLevel, createLogger } from './logger.js'
import { Metrics } from './metrics.js'
import { SecretBox } from './secret-box.js'
import { loadServerKey } from './server-key.js'
import { SessionTracker } from './sessions.js'
import { type StorageLocation, describeLocation, openStorage } from './storage/open-storage.js'
import type { Storage } from './storage/storage.js'

export interface ServerOptions {
  host: string
  port: number
  location: StorageLocation
  /** base64 key from OMSCTL_SERVER_KEY. */
  envKey: string | undefined
  keyFile: string | undefined
  logLevel: LogLevel
  bodyLimitBytes: number
  rateLimitPerMinute: number
}

export interface RunningServer {
  url: string
  storage: string
  /** Stops taking connections, lets requests in flight finish, closes the database. */
  close(): Promise<void>
}

const SESSION_FLUSH_MS = 5_000
const PURGE_EVERY_MS = 60 * 60 * 1000

/** Opens the store, loads the key, and listens; the command decides when to close. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const logger = createLogger(options.logLevel)
  const { location } = options
  const key = loadServerKey({
    envKey: options.envKey,
    keyFile: options.keyFile,
    ...(location.kind === 'sqlite' ? { beside: location.file, generate: true } : {}),
  })
  if (key.generatedFile) {
    logger.warn({ file: key.generatedFile },
      'generated a new secret key file; back it up: stored secrets cannot be read without it')
  }

  const storage = await openStorage(location.kind === 'sqlite'
    ? { ...location, backgroundCheckpoints: true }
    : location)
  const chain = new AuditChain(key.key)
  await bindChain(storage, chain)
  const sessions = new SessionTracker(storage)
  const services = {
    storage,
    box: new SecretBox(key.key),
    chain,
    tokens: new TokenResolver(storage),
    sessions,
    metrics: new Metrics(),
    version: packageVersion(),
    startedAt: Date.now(),
    closing: false,
  }

  const app = await buildApp(services, {
    logger,
    bodyLimitBytes: options.bodyLimitBytes,
    rateLimitPerMinute: options.rateLimitPerMinute,
  })
  const purge = () => purgeExpiredKeys(storage, new Date())
  await purge()
  const timers = [
    setInterval(() => void sessions.flush().catch(logFailure(logger, 'session flush')), SESSION_FLUSH_MS),
    setInterval(() => void purge().catch(logFailure(logger, 'idempotency purge')), PURGE_EVERY_MS),
  ]
  for (const timer of timers) timer.unref()

  try {
    await app.listen({ host: options.host, port: options.port })
  } catch (error) {
    await storage.close()
    throw error
  }

  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : options.port
  const host = options.host.includes(':') ? `[${options.host}]` : options.host
  const url = `http://${host}:${port}`
  logger.info({ url, storage: describeLocation(options.location), version: services.version },
    'listening')

  return {
    url,
    storage: storage.backend,
    close: async () => {
      for (const timer of timers) clearInterval(timer)
      services.closing = true
      await app.close()
      await sessions.flush().catch(logFailure(logger, 'session flush'))
      await storage.close()
      logger.info('stopped')
      logger.flush()
    },
  }
}

/**
 * Binds the database's audit chain to this server's key on first start, and refuses to
 * serve a chain of another key or of the unkeyed scheme: appending to it would leave a
 * chain that no key verifies.
 */
async function bindChain(storage: Storage, chain: AuditChain): Promise<void> {
  const problem = chain.bindingProblem(await storage.chainBinding(chain.keyCheck))
  if (!problem) return

  await storage.close()
  throw bindingError(problem)
}

function logFailure(logger: ReturnType<typeof createLogger>, what: string) {
  return (error: unknown) => {
    logger.error({ err: error instanceof Error ? error.message : String(error) }, `${what} failed`)
  }
}

function packageVersion(): string {
  const file = new URL('../../package.json', import.meta.url)
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version
}
