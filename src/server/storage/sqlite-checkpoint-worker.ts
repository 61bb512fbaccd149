import { parentPort, workerData } from 'node:worker_threads'

import Database from 'better-sqlite3'

/**
 * The thread of sqlite-checkpointer.ts: its own connection to the database, copying the
 * write-ahead log back into the database file a few times a second, and closing on any
 * message from the server.
 */
const { file, synchronous, intervalMs } = workerData as {
  file: string
  synchronous: 'NORMAL' | 'FULL'
  intervalMs: number
}

const db = new Database(file, { fileMustExist: true })
db.pragma('busy_timeout = 5000')
db.pragma(`synchronous = ${synchronous}`)

const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)')
  } catch {
    // Busy (another checkpoint ran) or the disk refused: the next tick tries again.
  }
}, intervalMs)

parentPort?.once('message', () => {
  clearInterval(timer)
  db.close()
  parentPort?.close()
})
