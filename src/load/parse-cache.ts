import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

import type { ParsedFile } from './parse-file.js'

/** Bump when the parser's output changes shape or meaning (2: complex keys are refused). */
const FORMAT = 2

interface Entry {
  hash: string
  parsed: ParsedFile
}

/**
 * Remembers each file's parse by content hash, as ESLint's --cache does: parsing is the
 * dominant cost of a run, and between two runs most files have not changed. Checks are
 * cheap and always run again, so a cached parse can never hide a new problem.
 */
export class ParseCache {
  private entries: Record<string, Entry> = {}
  private dirty = false

  private constructor(private readonly path: string | undefined, private readonly key: string) {}

  static disabled(): ParseCache {
    return new ParseCache(undefined, '')
  }

  static open(root: string, version: string): ParseCache {
    const cache = new ParseCache(join(root, '.omsctl', 'cache', 'parse.json'), `${FORMAT}:${version}`)
    try {
      const stored = JSON.parse(readFileSync(cache.path!, 'utf8')) as { key?: string, entries?: Record<string, Entry> }
      if (stored.key === cache.key && stored.entries) cache.entries = stored.entries
    } catch {
      // No cache yet, or an unreadable one: start empty and write a fresh one.
    }

    return cache
  }

  static hash(bytes: Uint8Array): string {
    return createHash('sha1').update(bytes).digest('base64')
  }

  get enabled(): boolean {
    return this.path !== undefined
  }

  get(file: string, hash: string): ParsedFile | undefined {
    if (!this.path) return undefined

    const entry = this.entries[file]
    return entry?.hash === hash ? entry.parsed : undefined
  }

  set(file: string, hash: string, parsed: ParsedFile): void {
    if (!this.path) return

    this.entries[file] = { hash, parsed }
    this.dirty = true
  }

  /**
   * Writes atomically. After a run that listed every file, entries of files that no longer
   * exist are dropped first; a partial run keeps the others.
   */
  save(files: readonly string[], prune: boolean): void {
    if (!this.path) return

    const keep = new Set(files)
    for (const file of prune ? Object.keys(this.entries) : []) {
      if (!keep.has(file)) {
        delete this.entries[file]
        this.dirty = true
      }
    }

    if (!this.dirty) return

    try {
      mkdirSync(dirname(this.path), { recursive: true })
      const temporary = `${this.path}.${process.pid}.tmp`
      writeFileSync(temporary, JSON.stringify({ key: this.key, entries: this.entries }))
      renameSync(temporary, this.path)
    } catch {
      // A cache that cannot be written only costs speed on the next run.
    }
  }
}
