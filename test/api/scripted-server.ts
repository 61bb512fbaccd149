import { type IncomingMessage, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface SeenRequest {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

type Reply = { status: number, body?: unknown, headers?: Record<string, string>, raw?: string } | 'hang' | 'drop'

/**
 * An HTTP server that answers from a script, for the client behaviours the reference server
 * cannot be made to show on demand (503s, 429 with Retry-After, garbage, hanging, drops).
 */
export interface ScriptedServer {
  url: string
  seen: SeenRequest[]
  close(): Promise<void>
}

export async function scriptedServer(script: Reply[]): Promise<ScriptedServer> {
  const seen: SeenRequest[] = []
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = ''
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString()
    })
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body })
      const reply = script[Math.min(seen.length - 1, script.length - 1)]
      if (reply === undefined || reply === 'hang') return
      if (reply === 'drop') {
        request.socket.destroy()
        return
      }

      response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
      response.end(reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body)))
    })
  })

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
