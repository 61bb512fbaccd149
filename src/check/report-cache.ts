import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
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

/**
 * The answer of the last clean run, reused when nothing it read has changed: the same
 * omsctl, the same options, and every file with the same size and modification time (as
 * ESLint's cache decides by metadata). Any difference means a full run.
 */
export class ReportCache {
  private readonly path: string

  constructor(root: string) {
    this.path = join(root, '.omsctl', 'cache', 'report.json')
  }

  /** Digest of everything a run depends on; undefined when a file cannot be read. */
  static key(root: string, files: readonly string[], inputs: string): string | undefined {
    const hash = createHash('sha1').update(inputs)
    for (const file of files) {
      try {
        const stat = statSync(join(root, file))
        hash.update(`\n${file}\0${stat.size}\0${stat.mtimeMs}`)
      } catch {
        return undefined
      }
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
