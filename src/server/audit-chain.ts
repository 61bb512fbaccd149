import { createHash } from 'node:crypto'

import type { AuditRecord, ChainHead, Storage } from './storage/storage.js'
import { GENESIS_HASH } from './storage/storage.js'

export type AuditFields = Omit<AuditRecord, 'seq' | 'prevHash' | 'hash'>

/**
 * The hash of an entry covers every field and the previous entry's hash, in a fixed
 * order: editing, removing or reordering any entry breaks the chain from there on.
 */
export function entryHash(entry: Omit<AuditRecord, 'hash'>): string {
  const fields = [entry.seq, entry.time, entry.actor, entry.tenant, entry.op, entry.kind,
    entry.name, entry.beforeDigest, entry.afterDigest, entry.change, entry.gitCommit,
    entry.planId, entry.author, entry.changesetId, entry.prevHash]
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex')
}

/** Appends entries after a head in process; the storage writes them in one statement. */
export class ChainWriter {
  readonly entries: AuditRecord[] = []
  private head: ChainHead

  constructor(head: ChainHead) {
    this.head = head
  }

  append(fields: AuditFields): AuditRecord {
    const entry: AuditRecord = {
      seq: this.head.seq + 1,
      time: fields.time,
      actor: fields.actor,
      tenant: fields.tenant,
      op: fields.op,
      kind: fields.kind,
      name: fields.name,
      beforeDigest: fields.beforeDigest,
      afterDigest: fields.afterDigest,
      change: fields.change,
      gitCommit: fields.gitCommit,
      planId: fields.planId,
      author: fields.author,
      changesetId: fields.changesetId,
      prevHash: this.head.hash,
      hash: '',
    }
    entry.hash = entryHash(entry)
    this.entries.push(entry)
    this.head = { seq: entry.seq, hash: entry.hash }
    return entry
  }
}

export interface ChainProblem {
  seq: number
  problem: string
}

export interface ChainReport {
  ok: boolean
  checked: number
  problems: ChainProblem[]
}

const BATCH = 5000

/** Reads the whole chain in order and reports every entry that does not fit. */
export async function verifyChain(storage: Storage): Promise<ChainReport> {
  const problems: ChainProblem[] = []
  let previous: ChainHead = { seq: 0, hash: GENESIS_HASH }
  let checked = 0

  for (;;) {
    const batch = await storage.readChain(previous.seq, BATCH)
    for (const entry of batch) {
      problems.push(...checkEntry(entry, previous))
      previous = { seq: entry.seq, hash: entry.hash }
      checked++
    }

    if (batch.length < BATCH) break
  }

  const head = await storage.chainHead()
  if (head.seq !== previous.seq || head.hash !== previous.hash) {
    problems.push({
      seq: head.seq,
      problem: `the chain ends at entry ${previous.seq} but its head records entry ${head.seq}: `
        + 'entries at the end were removed or the head was edited',
    })
  }

  return { ok: problems.length === 0, checked, problems }
}

function checkEntry(entry: AuditRecord, previous: ChainHead): ChainProblem[] {
  const problems: ChainProblem[] = []
  if (entry.seq !== previous.seq + 1) {
    problems.push({
      seq: entry.seq,
      problem: `entries ${previous.seq + 1} to ${entry.seq - 1} are missing`,
    })
  }

  if (entry.prevHash !== previous.hash) {
    problems.push({
      seq: entry.seq,
      problem: 'prevHash does not match the entry before it: an entry was removed, '
        + 'inserted or reordered',
    })
  }

  const { hash, ...rest } = entry
  if (entryHash(rest) !== hash) {
    problems.push({ seq: entry.seq, problem: 'the entry was modified after it was written' })
  }

  return problems
}
