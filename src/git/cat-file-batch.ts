import { type ChildProcessByStdio, spawn } from 'node:child_process'
import type { Readable, Writable } from 'node:stream'

interface Pending {
  resolve: (content: Buffer | undefined) => void
  reject: (error: Error) => void
}

/**
 * One `git cat-file --batch` process serving every blob read of a run, instead of one
 * `git show` per file. Requests are written as they come and answered in order. The
 * process does not keep omsctl alive while idle; it ends when omsctl closes its input.
 */
export class CatFileBatch {
  private readonly child: ChildProcessByStdio<Writable, Readable, Readable>
  private readonly pending: Pending[] = []
  private buffer: Buffer = Buffer.alloc(0)
  private failure: Error | undefined
  private stderr = ''

  constructor(cwd: string) {
    this.child = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] })
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk))
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString()
    })
    this.child.on('error', error => this.fail(error))
    this.child.on('close', code => this.fail(new Error(
      `git cat-file exited with ${String(code)}${this.stderr ? `: ${this.stderr.trim()}` : ''}`,
    )))
    this.idle()
  }

  /** Content of an object such as `<commit>:<path>`, or undefined when it does not exist. */
  read(object: string): Promise<Buffer | undefined> {
    if (this.failure) return Promise.reject(this.failure)

    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject })
      this.busy()
      this.child.stdin.write(`${object}\n`)
    })
  }

  close(): void {
    this.child.stdin.end()
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk])

    for (;;) {
      const newline = this.buffer.indexOf(0x0A)
      if (newline < 0) return

      const header = this.buffer.subarray(0, newline).toString('utf8')
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        this.buffer = this.buffer.subarray(newline + 1)
        this.settle(undefined)
        continue
      }

      const size = Number(header.split(' ')[2])
      const end = newline + 1 + size
      if (this.buffer.length < end + 1) return

      const content = Buffer.from(this.buffer.subarray(newline + 1, end))
      this.buffer = this.buffer.subarray(end + 1)
      this.settle(content)
    }
  }

  private settle(content: Buffer | undefined): void {
    this.pending.shift()?.resolve(content)
    if (this.pending.length === 0) this.idle()
  }

  private fail(error: Error): void {
    this.failure ??= error
    for (const waiting of this.pending.splice(0)) waiting.reject(error)
  }

  private busy(): void {
    this.child.ref()
    for (const stream of this.streams()) stream.ref()
  }

  private idle(): void {
    this.child.unref()
    for (const stream of this.streams()) stream.unref()
  }

  /** The pipes are sockets; only those keep the event loop alive. */
  private streams(): { ref(): unknown, unref(): unknown }[] {
    const { stdin, stdout, stderr } = this.child as unknown as Record<string, unknown>
    return [stdin, stdout, stderr].filter(isRefable)
  }
}

function isRefable(stream: unknown): stream is { ref(): unknown, unref(): unknown } {
  return typeof (stream as { unref?: unknown }).unref === 'function'
}
