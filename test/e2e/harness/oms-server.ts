import { type ResultPromise, execa } from 'execa'

import { bin, repoRoot } from '../cli.js'

/** A real `omsctl server` process on SQLite; tests kill and restart it. */
export interface OmsServer {
  url: string
  port: number
  db: string
  stop(): Promise<void>
  /** SIGKILL: a crash, no graceful shutdown. */
  kill9(): Promise<void>
}

/** Fixed so that a restarted server reads the secrets the first one stored. */
const SERVER_KEY = Buffer.alloc(32, 9).toString('base64')

export async function startOms(db: string, port = 0): Promise<OmsServer> {
  const child: ResultPromise = execa('node', [bin, 'server', '--port', String(port), '--db', db, '--log-level', 'warn'], {
    cwd: repoRoot,
    env: { NO_COLOR: '1', OMSCTL_SERVER_KEY: SERVER_KEY },
    reject: false,
    stdin: 'ignore',
    buffer: false,
  })

  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })

  const url = await new Promise<string>((resolve, reject) => {
    let stdout = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const match = /listening on (http:\/\/\S+)/.exec(stdout)
      if (match?.[1]) resolve(match[1])
    })
    void child.then(result => reject(new Error(`server exited (${String(result.exitCode)}):\n${stderr}`)))
  })

  return {
    url,
    port: Number(new URL(url).port),
    db,
    stop: async () => {
      child.kill('SIGTERM')
      await child
    },
    kill9: async () => {
      child.kill('SIGKILL')
      await child
    },
  }
}

/** A token straight into the database, as an operator bootstraps one. */
export async function createToken(db: string, role: string, name: string, tenant = '*'): Promise<string> {
  const result = await execa('node', [bin, 'server', 'token', 'create', '--role', role, '--tenant', tenant, '--name', name, '--db', db], {
    cwd: repoRoot, env: { NO_COLOR: '1' },
  })
  return String(result.stdout).trim()
}

/** `omsctl server verify-audit` on the database: whether the hash chain is intact. */
export async function verifyAudit(db: string): Promise<{ exitCode: number, stdout: string }> {
  const result = await execa('node', [bin, 'server', 'verify-audit', '--db', db], {
    cwd: repoRoot, env: { NO_COLOR: '1', OMSCTL_SERVER_KEY: SERVER_KEY }, reject: false,
  })
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout) }
}
