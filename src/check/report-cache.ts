import { createHash, type Hash } from 'node:crypto'
import { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

import type { Problem } from './problem.js'

/** What a clean run leaves for the next one: enough to answer without loading anything. */
export interface StoredRun {
  key: string
  report: unknown
  targets: { name: string, problems: Problem[] }[]
  repository: Problem[]
  /** The files the run read, to tell which of them have uncommitted changes. */
  files: string[]
}

/** Read buffer for hashing: settings files are small, so one read usually takes a file. */
const CHUNK_BYTES = 256 * 1024

/**
 * The answer of the last clean run, reused when nothing it read has changed: the same
 * omsctl, the same options, and every file with the same content (as ESLint's
 * `--cache-strategy content`). Size and modification time are not trusted: an edit that
 * keeps the size and restores the time (`touch -r`, a checkout, a copy) must not answer
 * from the cache. Reading and hashing 20,000 small files costs about 150 ms, far less than
 * parsing them. Any difference means a full run.
 */
export class ReportCache {
  private readonly path: string

  constructor(root: string) {
    this.path = join(root, '.omsctl', 'cache', 'report.json')
  }

  /** Digest of everything a run depends on; undefined when a file cannot be read. */
  static key(root: string, files: readonly string[], inputs: string): string | undefined {
    const hash = createHash('sha1').update(inputs)
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES)
    for (const file of files) {
      hash.update(`\n${file}\0`)
      const length = hashContent(join(root, file), buffer, hash)
      if (length === undefined) return undefined

      hash.update(`\0${length}`)
    }

    return hash.digest('base64')
  }

  read(key: string): StoredRun | undefined {
    try {
      const stored = JSON.parse(readFileSync(this.path, 'utf8')) as StoredRun
      // a cache written by an older omsctl has no file list: run again
      return stored.key === key && Array.isArray(stored.files) ? stored : undefined
    } catch {
      return undefined
    }
  }

  write(run: StoredRun): void {
    try {
      mkdirSync(dirname(this.path), { recursive: true })
      const temporary = `${this.path}.${process.pid}.tmp`
      writeFileSync(temporary, JSON.stringify(run))
      renameSync(temporary, this.path)
    } catch {
      // A cache that cannot be written only costs speed on the next run.
    }
  }
}

/** Feeds a file's bytes to `hash` through one reused buffer; its length, or undefined. */
function hashContent(path: string, buffer: Buffer, hash: Hash): number | undefined {
  let descriptor: number
  try {
    descriptor = openSync(path, 'r')
  } catch {
    return undefined
  }

  try {
    let length = 0
    for (;;) {
      const read = readSync(descriptor, buffer, 0, buffer.length, null)
      if (read === 0) return length

      hash.update(buffer.subarray(0, read))
      length += read
    }
  } catch {
    return undefined
  } finally {
    closeSync(descriptor)
  }
}
