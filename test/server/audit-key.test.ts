import { createHash } from 'node:crypto'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { AuditChain, CHAIN_SCHEME } from '../../src/server/audit-chain.js'
import { SCHEMA_VERSIONS_TABLE, migrations } from '../../src/server/storage/migrations.js'
import { backends } from './harness/backends.js'
import { omsctl } from './harness/cli.js'
import { type TestDatabase, createDatabase, query } from './harness/databases.js'
import { resource, resources, role } from './harness/fixtures.js'
import { TEST_KEY, startServer } from './harness/server-process.js'
import { type Stage, stage } from './harness/stage.js'

interface Report { ok: boolean, checked: number, problems: { seq: number, problem: string }[] }

interface AuditRow {
  seq: number | string
  time: string
  actor: string
  tenant: string
  op: string
  kind: string
  name: string
  before_digest: string | null
  after_digest: string | null
  change: string
  git_commit: string | null
  plan_id: string | null
  author: string | null
  changeset_id: string | null
  prev_hash: string
  hash: string
}

const OTHER_KEY = Buffer.alloc(32, 9).toString('base64')

/** The hash of an entry as an unkeyed chain computes it: all an attacker can compute. */
function unkeyedHash(row: AuditRow, prevHash: string): string {
  const fields = [Number(row.seq), row.time, row.actor, row.tenant, row.op, row.kind, row.name,
    row.before_digest, row.after_digest, row.change, row.git_commit, row.plan_id, row.author,
    row.changeset_id, prevHash]
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex')
}

describe.each(backends)('audit chain keyed with the server key (%s)', (backend) => {
  let s: Stage<'admin'>

  beforeAll(async () => {
    s = await stage(backend, { admin: { role: 'admin', tenants: ['*'] } })
    const api = s.api()
    await api.post(resources('acme'), role('ops'))
    await api.put(resource('acme', 'Role', 'ops'), role('ops', ['orders:update']), { headers: { 'if-match': '"1"' } })
    await api.post(resources('acme'), role('viewer'))
    await api.post(resources('other'), role('ops'))
  })

  afterAll(async () => {
    await s.teardown()
  })

  it('verify-audit with another key refuses to judge the chain, with a hint', async () => {
    const wrong = await omsctl(['server', 'verify-audit', ...s.db.flags], { OMSCTL_SERVER_KEY: OTHER_KEY })
    const right = await omsctl(['server', 'verify-audit', ...s.db.flags], { OMSCTL_SERVER_KEY: TEST_KEY })

    expect(wrong.exitCode).toBe(1)
    expect(wrong.stderr).toContain('The audit log in this database was written with another server key')
    expect(wrong.stderr).toContain('OMSCTL_SERVER_KEY or --key-file')
    expect(wrong.stderr).not.toContain('    at ')
    expect(right.exitCode).toBe(0)
    expect(right.stdout).toContain('Audit chain intact: 4 entries checked; 3 resources match their last entry.')
  })

  it('a server with another key refuses to start on the database', async () => {
    const result = await omsctl(['server', '--port', '0', ...s.db.flags], { OMSCTL_SERVER_KEY: OTHER_KEY })

    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('written with another server key')
    expect(result.stdout).not.toContain('listening')
  })

  it('an edit whose hashes are recomputed without the key is still reported', async () => {
    const rows = await query<AuditRow>(s.db, 'SELECT * FROM audit ORDER BY seq')
    let prevHash = rows[0]?.hash ?? ''
    for (const row of rows.slice(1)) {
      const edited = Number(row.seq) === 2 ? { ...row, actor: 'mallory' } : row
      const hash = unkeyedHash(edited, prevHash)
      await query(s.db, 'UPDATE audit SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?',
        [edited.actor, prevHash, hash, Number(row.seq)])
      prevHash = hash
    }

    await query(s.db, 'UPDATE audit_head SET hash = ? WHERE id = 1', [prevHash])
    const report = await s.api().get<Report>('/v1/audit/verify')

    expect(report.body.ok).toBe(false)
    expect(report.body.problems.slice(0, 3)).toEqual([2, 3, 4].map(seq =>
      ({ seq, problem: 'the entry was modified after it was written' })))
    expect(report.body.problems.slice(3)).toEqual([
      { seq: 4, problem: expect.stringContaining('the chain head carries no valid MAC') as string },
    ])
  })
})

describe.each(backends)('a database of an earlier chain scheme (%s)', (backend) => {
  const databases: TestDatabase[] = []

  afterAll(async () => {
    await Promise.all(databases.map(db => db.drop()))
  })

  /**
   * The schema as an earlier omsctl left it (version 1: unkeyed chain; 2: keyed entries, no
   * key on the head), optionally with one entry hashed as that version did.
   */
  async function earlier(version: 1 | 2, withEntry: boolean): Promise<TestDatabase> {
    const db = await createDatabase(backend)
    databases.push(db)
    await query(db, SCHEMA_VERSIONS_TABLE)
    for (const migration of migrations.slice(0, version)) {
      for (const sql of migration.statements(backend)) await query(db, sql)
      await query(db, 'INSERT INTO schema_versions VALUES (?, ?, ?)',
        [migration.version, migration.description, new Date().toISOString()])
    }

    if (!withEntry) return db

    const entry: AuditRow = {
      seq: 1, time: new Date().toISOString(), actor: 'admin', tenant: 'acme', op: 'create', kind: 'Role', name: 'ops',
      before_digest: null, after_digest: `sha256:${'a'.repeat(64)}`, change: '["/spec"]', git_commit: null,
      plan_id: null, author: null, changeset_id: null, prev_hash: '0'.repeat(64), hash: '',
    }
    entry.hash = version === 1 ? unkeyedHash(entry, entry.prev_hash) : keyedHash(entry)
    await query(db, `INSERT INTO audit VALUES (${Array(16).fill('?').join(', ')})`, Object.values(entry))
    await query(db, 'UPDATE audit_head SET seq = 1, hash = ? WHERE id = 1', [entry.hash])
    return db
  }

  it('refuses an unkeyed chain with a clear message, and keys an empty one', async () => {
    const old = await earlier(1, true)
    const empty = await earlier(1, false)

    const refused = await omsctl(['server', '--port', '0', ...old.flags], { OMSCTL_SERVER_KEY: TEST_KEY })
    const verify = await omsctl(['server', 'verify-audit', ...old.flags], { OMSCTL_SERVER_KEY: TEST_KEY })
    const server = await startServer(empty.flags)
    const head = await query<{ scheme: string }>(empty, 'SELECT scheme FROM audit_head')
    await server.stop()

    expect(refused.exitCode).toBe(1)
    expect(refused.stderr).toContain('written by an earlier omsctl with unkeyed SHA-256 hashes')
    expect(refused.stderr).toContain('start the server on a new database')
    expect(refused.stderr).not.toContain('    at ')
    expect(verify.exitCode).toBe(1)
    expect(verify.stderr).toContain('unkeyed SHA-256 hashes')
    expect(head).toEqual([{ scheme: CHAIN_SCHEME }])
  })

  it('refuses keyed entries under a head without a key, and keys the head of an empty chain', async () => {
    const old = await earlier(2, true)
    const empty = await earlier(2, false)
    const env = { OMSCTL_SERVER_KEY: TEST_KEY }

    const refused = await omsctl(['server', '--port', '0', ...old.flags], env)
    const verify = await omsctl(['server', 'verify-audit', ...old.flags], env)
    const server = await startServer(empty.flags)
    const head = await query<{ scheme: string }>(empty, 'SELECT scheme FROM audit_head')
    await server.stop()

    expect(refused.exitCode).toBe(1)
    expect(refused.stderr).toContain('did not key the chain head, so removed entries at its end')
    expect(refused.stderr).toContain('start the server on a new database')
    expect(verify.exitCode).toBe(1)
    expect(verify.stderr).toContain('did not key the chain head')
    expect(head).toEqual([{ scheme: CHAIN_SCHEME }])
  })
})

function keyedHash(row: AuditRow): string {
  const chain = new AuditChain(Buffer.from(TEST_KEY, 'base64'))
  return chain.entryHash({
    seq: Number(row.seq), time: row.time, actor: row.actor, tenant: row.tenant, op: row.op,
    kind: row.kind, name: row.name, beforeDigest: row.before_digest, afterDigest: row.after_digest,
    change: row.change, gitCommit: row.git_commit, planId: row.plan_id, author: row.author,
    changesetId: row.changeset_id, prevHash: row.prev_hash,
  })
}
