import { type IncomingMessage, type ServerResponse, createServer, request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'

/** What the proxy does with one request, decided from its method and path. */
export type Fault
  /** Pass it on and back. */
  = | 'forward'
  /** Run `before` (for example kill the server), then fail the connection unanswered. */
    | 'cut-before'
  /** Let the server process it, run `after`, and then drop the answer. */
    | 'cut-after'
  /** Let the server process it, then keep the answer: the client waits until it times out. */
    | 'hold'
  /** Run `before` (for example take the lock away), then pass it on and back. */
    | 'prepare'
  /** Pass it on, and run `during` (for example kill the server) once the server has it all. */
    | 'during'

export interface FaultProxy {
  url: string
  /** Requests seen, as `METHOD path`. */
  seen: string[]
  close(): Promise<void>
}

/**
 * An HTTP proxy in front of a real server that loses requests or answers on cue: the
 * network failures of a real deployment, at the exact moment a test needs them.
 */
export async function faultProxy(
  upstream: () => string,
  decide: (method: string, path: string) => Fault,
  hooks: {
    before?: () => Promise<void>
    after?: () => Promise<void>
    during?: () => Promise<void>
  } = {},
): Promise<FaultProxy> {
  const seen: string[] = []

  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const chunks: Buffer[] = []
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
    incoming.on('end', () => {
      const method = incoming.method ?? 'GET'
      const path = incoming.url ?? '/'
      seen.push(`${method} ${path.split('?')[0] ?? ''}`)
      void handle(decide(method, path), incoming, outgoing, Buffer.concat(chunks))
    })
  })

  async function handle(
    fault: Fault, incoming: IncomingMessage, outgoing: ServerResponse, body: Buffer,
  ) {
    if (fault === 'cut-before') {
      await hooks.before?.()
      incoming.socket.destroy()
      return
    }

    if (fault === 'prepare') await hooks.before?.()

    const target = new URL(incoming.url ?? '/', upstream())
    const headers = { ...incoming.headers, host: target.host }
    const forwarded = httpRequest(target, { method: incoming.method, headers }, (answer) => {
      const parts: Buffer[] = []
      answer.on('data', (chunk: Buffer) => parts.push(chunk))
      answer.on('end', () => {
        void (async () => {
          if (fault === 'hold') return

          if (fault === 'cut-after') {
            await hooks.after?.()
            incoming.socket.destroy()
            return
          }

          outgoing.writeHead(answer.statusCode ?? 502, answer.headers)
          outgoing.end(Buffer.concat(parts))
        })()
      })
    })
    forwarded.on('error', () => incoming.socket.destroy())
    forwarded.end(body, () => {
      if (fault === 'during') void hooks.during?.()
    })
  }

  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}
