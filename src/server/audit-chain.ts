import { type KeyObject, createHmac, createSecretKey, hkdfSync } from 'node:crypto'

import { UserError } from '../errors.js'
import {
  type AuditRecord, type ChainBinding, type ChainHead, GENESIS_HASH,
} from './storage/storage.js'

/**
 * The scheme this version writes, as recorded in the database's chain head: entries keyed
 * with HMAC-SHA256 (`hmac-sha256`, schema version 2), and the head keyed too.
 */
export const CHAIN_SCHEME = 'hmac-sha256+head'

/** HKDF labels: the chain key is never the key that encrypts secrets. */
const CHAIN_KEY_LABEL = 'omsctl audit chain v1'
const KEY_CHECK_LABEL = 'omsctl audit chain key check v1'

/**
 * The audit chain, keyed. Each entry's hash is an HMAC-SHA256 of every field and of the
 * previous entry's hash, under a key derived (HKDF) from the server's secret key: editing,
 * removing or reordering an entry breaks the chain from there on, and someone who can write
 * to the database but does not hold the key cannot compute the hashes that would mend it.
 */
export class AuditChain {
  /** HMAC of a fixed label: tells whether a database's chain was written with this key. */
  readonly keyCheck: string
  private readonly key: KeyObject

  constructor(serverKey: Buffer) {
    const derived = hkdfSync('sha256', serverKey, Buffer.alloc(0), CHAIN_KEY_LABEL, 32)
    this.key = createSecretKey(Buffer.from(derived))
    this.keyCheck = createHmac('sha256', this.key).update(KEY_CHECK_LABEL).digest('hex')
  }

  entryHash(entry: Omit<AuditRecord, 'hash'>): string {
    const fields = [entry.seq, entry.time, entry.actor, entry.tenant, entry.op, entry.kind,
      entry.name, entry.beforeDigest, entry.afterDigest, entry.change, entry.gitCommit,
      entry.planId, entry.author, entry.changesetId, entry.prevHash]
    return createHmac('sha256', this.key).update(JSON.stringify(fields)).digest('hex')
  }

  /**
   * The head's MAC: without it, whoever can write to the database could delete the newest
   * entries and point the head at the entry before them, and the chain would still link.
   */
  headMac(head: Pick<ChainHead, 'seq' | 'hash'>): string {
    return createHmac('sha256', this.key).update(JSON.stringify(['head', head.seq, head.hash]))
      .digest('hex')
  }

  /** Whether this key vouches for the head: the empty chain's needs no MAC. */
  trustsHead(head: ChainHead): boolean {
    if (head.seq === 0 && head.hash === GENESIS_HASH) return true

    return head.mac !== null && head.mac === this.headMac(head)
  }

  /**
   * Numbers and hashes entries after the head, in place; the storage calls it under the
   * head's lock. A head this key does not vouch for gets a successor without a MAC, so that
   * appending cannot make an edited head look sound again.
   */
  readonly seal = (head: ChainHead, entries: AuditRecord[]): ChainHead => {
    const trusted = this.trustsHead(head)
    let { seq, hash } = head
    for (const entry of entries) {
      entry.seq = ++seq
      entry.prevHash = hash
      entry.hash = this.entryHash(entry)
      hash = entry.hash
    }

    return { seq, hash, mac: trusted ? this.headMac({ seq, hash }) : null }
  }

  /** Why this server must not write to, or vouch for, the chain of `binding`. */
  bindingProblem(binding: ChainBinding): BindingProblem | undefined {
    if (binding.scheme !== CHAIN_SCHEME) {
      const message = EARLIER_SCHEMES[binding.scheme] ?? unknownScheme(binding.scheme)
      return { message, hint: NEW_DATABASE }
    }

    if (binding.keyCheck !== null && binding.keyCheck !== this.keyCheck) {
      return {
        message: 'The audit log in this database was written with another server key',
        hint: 'set OMSCTL_SERVER_KEY or --key-file to the key this database was created with; '
          + 'every server on one database needs the same key',
      }
    }

    return undefined
  }
}

const NEW_DATABASE = 'omsctl is pre-release: start the server on a new database (--db or '
  + '--database-url) and apply the settings again'

/** Chains of earlier versions, which this one neither converts nor vouches for. */
const EARLIER_SCHEMES: Record<string, string | undefined> = {
  'sha256': 'The audit log in this database was written by an earlier omsctl with unkeyed '
    + 'SHA-256 hashes; this version keys the chain with the server key (HMAC-SHA256) and '
    + 'does not convert an old chain',
  'hmac-sha256': 'The audit log in this database was written by an earlier omsctl that did '
    + 'not key the chain head, so removed entries at its end could go unnoticed; this version '
    + 'keys the head too and does not vouch for an old chain',
}

function unknownScheme(scheme: string): string {
  return `The audit log in this database uses the scheme ${scheme}, which this omsctl does `
    + `not know (it writes ${CHAIN_SCHEME}); a later omsctl may have written it`
}

export interface BindingProblem {
  message: string
  hint: string
}

/** A binding problem as the error of a command (the server, verify-audit): exit 1, a hint. */
export function bindingError(problem: BindingProblem): UserError {
  return new UserError(problem.message, { code: 'server/audit-chain', hint: problem.hint })
}
