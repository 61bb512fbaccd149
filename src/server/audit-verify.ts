import { AuditChain, bindingError } from './audit-chain.js'
import { ResourceAuditCheck } from './audit-resource-check.js'
import { loadServerKey } from './server-key.js'
import { type StorageLocation, openStorage } from './storage/open-storage.js'
import { type AuditRecord, type ChainHead, type Storage, GENESIS_HASH } from './storage/storage.js'

export interface ChainProblem {
  seq: number
  problem: string
}

export interface ChainReport {
  ok: boolean
  /** Audit entries. */
  checked: number
  /** Stored resources compared with the last audit entry about each. */
  resourcesChecked: number
  problems: ChainProblem[]
}

const BATCH = 5000

/**
 * Reads the whole chain in order and reports every entry that does not fit, a head that
 * does not match the chain's end or its MAC, and every resource that is not what its last
 * entry recorded. A chain of another scheme or key is one problem at seq 0: checking its
 * entries would only report each of them as modified.
 */
export async function verifyChain(storage: Storage, chain: AuditChain): Promise<ChainReport> {
  const refused = chain.bindingProblem(await storage.chainBinding())
  if (refused) {
    return {
      ok: false, checked: 0, resourcesChecked: 0, problems: [{ seq: 0, problem: refused.message }],
    }
  }

  const problems: ChainProblem[] = []
  const resources = new ResourceAuditCheck()
  let previous = { seq: 0, hash: GENESIS_HASH }
  let checked = 0

  for (;;) {
    const batch = await storage.readChain(previous.seq, BATCH)
    for (const entry of batch) {
      problems.push(...checkEntry(chain, entry, previous))
      resources.see(entry)
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

  if (!chain.trustsHead(head)) {
    problems.push({
      seq: head.seq,
      problem: 'the chain head carries no valid MAC: it was edited, as when entries at the end '
        + 'are removed; a server appending to an edited head leaves the new head unsigned too',
    })
  }

  const compared = await resources.compare(storage)
  problems.push(...compared.problems)
  return { ok: problems.length === 0, checked, resourcesChecked: compared.checked, problems }
}

/**
 * `omsctl server verify-audit`: the chain of a database, checked with the server's key
 * (OMSCTL_SERVER_KEY, --key-file, or the key file beside an SQLite database; never a new
 * one). A chain this key cannot check, of another key or of the unkeyed scheme, is an
 * error in how the command was run rather than a report about the chain.
 */
export async function verifyDatabaseChain(
  location: StorageLocation, keys: { envKey: string | undefined, keyFile: string | undefined },
): Promise<ChainReport> {
  const { key } = loadServerKey({
    ...keys,
    ...(location.kind === 'sqlite' ? { beside: location.file } : {}),
  })
  const chain = new AuditChain(key)
  const storage = await openStorage(location)
  try {
    const problem = chain.bindingProblem(await storage.chainBinding())
    if (problem) throw bindingError(problem)

    return await verifyChain(storage, chain)
  } finally {
    await storage.close()
  }
}

function checkEntry(
  chain: AuditChain, entry: AuditRecord, previous: Omit<ChainHead, 'mac'>,
): ChainProblem[] {
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
  if (chain.entryHash(rest) !== hash) {
    problems.push({ seq: entry.seq, problem: 'the entry was modified after it was written' })
  }

  return problems
}
