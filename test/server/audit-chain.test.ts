import { describe, expect, it } from 'vitest'

import { AuditChain } from '../../src/server/audit-chain.js'
import { type AuditRecord, GENESIS_HASH } from '../../src/server/storage/storage.js'

function entry(name: string): AuditRecord {
  return {
    seq: 0, time: '2025-01-31T12:00:00.000Z', actor: 'admin', tenant: 'acme', op: 'create',
    kind: 'Role', name, beforeDigest: null, afterDigest: null, change: '[]', gitCommit: null,
    planId: null, author: null, changesetId: null, prevHash: '', hash: '',
  }
}

describe('audit chain head', () => {
  const chain = new AuditChain(Buffer.alloc(32, 1))
  const genesis = { seq: 0, hash: GENESIS_HASH, mac: null }

  it('keys every head it seals, and trusts only heads keyed with its key', () => {
    const head = chain.seal(genesis, [entry('ops'), entry('viewer')])
    const other = new AuditChain(Buffer.alloc(32, 2))

    expect(head.seq).toBe(2)
    expect(chain.trustsHead(head)).toBe(true)
    expect(chain.trustsHead({ ...head, seq: 1 })).toBe(false)
    expect(chain.trustsHead({ ...head, mac: null })).toBe(false)
    expect(other.trustsHead(head)).toBe(false)
  })

  it('leaves the head unsigned after appending to a head it does not trust', () => {
    const head = chain.seal(genesis, [entry('ops'), entry('viewer')])
    const edited = { ...head, seq: 1 }

    const next = chain.seal(edited, [entry('auditor')])

    expect(next).toMatchObject({ seq: 2, mac: null })
    expect(chain.trustsHead(next)).toBe(false)
  })

  it('names a chain scheme it does not know instead of calling it unkeyed', () => {
    const problem = chain.bindingProblem({ scheme: 'hmac-sha512', keyCheck: null })

    expect(problem?.message).toContain('uses the scheme hmac-sha512, which this omsctl does not know')
  })
})
