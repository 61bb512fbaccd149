import { type ResultPromise, execa } from 'execa'

import { repoRoot, runJs } from './cli.js'

/** A real `omsctl server` process on an ephemeral port. */
export interface ServerProcess {
  url: string
  process: ResultPromise
  /** Every line the server wrote to stderr (its JSON log) so far. */
  logs(): string
  /** SIGTERM and wait: the graceful path. Resolves to the exit code. */
  stop(): Promise<number | undefined>
  /** SIGKILL: what a crash looks like. */
  kill9(): Promise<void>
}

export const TEST_KEY = Buffer.alloc(32, 7).toString('base64')

export async function startServer(
  flags: string[],
  options: { args?: string[], env?: Record<string, string>, cwd?: string } = {},
): Promise<ServerProcess> {
  const child = execa('node', [runJs, 'server', '--port', '0', ...flags, ...(options.args ?? [])], {
    cwd: options.cwd ?? repoRoot,
    env: { NO_COLOR: '1', OMSCTL_SERVER_KEY: TEST_KEY, ...options.env },
    reject: false,
    stdin: 'ignore',
    buffer: false,
    // A graceful stop may take as long as the request in flight; tests kill -9 explicitly.
    forceKillAfterDelay: false,
  })

  let stderr = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk
  })

  const url = await new Promise<string>((resolve, reject) => {
    let stdout = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk
      const match = /listening on (http:\/\/\S+)/.exec(stdout)
      if (match?.[1]) resolve(match[1])
    })
    void child.then((result) => {
      reject(new Error(`server exited (${String(result.exitCode)}) before listening:\n${stderr}`))
    })
  })

  return {
    url,
    process: child,
    logs: () => stderr,
    stop: async () => {
      child.kill('SIGTERM')
      const result = await child
      return result.exitCode
    },
    kill9: async () => {
      child.kill('SIGKILL')
      await child
    },
  }
}
