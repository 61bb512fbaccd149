import { once } from 'node:events'
import { Worker } from 'node:worker_threads'

/** Log pages after which a commit checkpoints by itself: the fallback if the thread lags. */
export const INLINE_CHECKPOINT_PAGES = 16_384

const INTERVAL_MS = 200

/**
 * Runs SQLite's checkpoints (copying the write-ahead log into the database file, with an
 * fsync) on a worker thread with its own connection, instead of inside the commit that
 * happens to cross the log's size limit. A changeset of 10,000 changes otherwise pays
 * 40-100 ms for it in its response time, and so does every thousandth single write. The
 * server's connection still checkpoints by itself past INLINE_CHECKPOINT_PAGES, so the
 * log cannot grow without bound if the thread stops.
 */
export class BackgroundCheckpointer {
  private readonly worker: Worker
  private exited = false

  constructor(file: string, synchronous: 'NORMAL' | 'FULL', onError: (error: Error) => void) {
    this.worker = new Worker(new URL('./sqlite-checkpoint-worker.js', import.meta.url), {
      workerData: { file, synchronous, intervalMs: INTERVAL_MS },
    })
    this.worker.unref()
    this.worker.on('error', onError)
    this.worker.once('exit', () => {
      this.exited = true
    })
  }

  /** Closes the thread's connection; the server's own close then does the last checkpoint. */
  async stop(): Promise<void> {
    if (this.exited) return

    // Referenced again: an unreferenced thread would let the process end before it closed.
    this.worker.ref()
    const exit = once(this.worker, 'exit').catch(() => undefined)
    this.worker.postMessage('close')
    await exit
  }
}
