import { randomBytes } from 'node:crypto'
import { join } from 'node:path'

import { execa, type ResultPromise } from 'execa'

const omsctl = join(import.meta.dirname, '..', 'bin', 'run.js')

export interface BenchServer {
  url: string
  token: string
  stop(): Promise<void>
}

/** The reference server on a fresh SQLite file, without a rate limit, and an admin token. */
export async function startBenchServer(db: string): Promise<BenchServer> {
  const child: ResultPromise = execa('node', [omsctl, 'server', '--port', '0', '--db', db, '--log-level', 'error', '--rate-limit', '0'], {
    env: { OMSCTL_SERVER_KEY: randomBytes(32).toString('base64') },
    reject: false,
    buffer: false,
    stdin: 'ignore',
  })
  let errors = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString()
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /listening on (http:\/\/\S+)/.exec(out)
      if (match?.[1]) resolve(match[1])
    })
    void child.then(result => reject(
      new Error(`bench server exited (${String(result.exitCode)}):\n${errors.slice(-2000)}`)))
  })

  const created = await execa('node', [omsctl, 'server', 'token', 'create', '--role', 'admin', '--tenant', '*', '--name', 'bench', '--db', db])
  return {
    url,
    token: String(created.stdout).trim(),
    stop: async () => {
      child.kill('SIGTERM')
      await child
    },
  }
}

/** Requests the server has answered, from its Prometheus counter, not counting /metrics. */
export async function countRequests(server: BenchServer): Promise<number> {
  const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${server.token}` } })
  let total = 0
  for (const line of (await response.text()).split('\n')) {
    if (!line.startsWith('omsctl_http_requests_total{') || line.includes('route="/metrics"')) continue
    total += Number(line.slice(line.lastIndexOf(' ') + 1))
  }

  return total
}
