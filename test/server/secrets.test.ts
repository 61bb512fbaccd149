import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { compareToFingerprint } from '../../src/secrets/fingerprint.js'
import { backends } from './harness/backends.js'
import type { TestDatabase } from './harness/databases.js'
import { integration, resource, resources } from './harness/fixtures.js'
import { type Stage, stage } from './harness/stage.js'

const FIRST = 'sk_live_first_5f3a9c2e7b'
const SECOND = 'sk_live_second_91d04e6a2c'

interface Live {
  version: number
  spec: { auth: { key: { secretRef: string, fingerprint: string } } }
}

/** Everything the database holds, as text: the SQLite files, or every PostgreSQL row. */
async function storedText(db: TestDatabase): Promise<string> {
  if (db.backend === 'sqlite') {
    return readdirSync(db.dir).filter(file => file.startsWith('server.db'))
      .map(file => readFileSync(path.join(db.dir, file)).toString('latin1')).join('\n')
  }

  const client = new pg.Client({ connectionString: db.url })
  await client.connect()
  try {
    const tables = ['resources', 'audit', 'idempotency', 'tokens', 'sessions', 'tenant_locks']
    const dumps = await Promise.all(tables.map(table => client.query(`SELECT * FROM ${table}`)))
    return JSON.stringify(dumps.map(dump => dump.rows as unknown))
  } finally {
    await client.end()
  }
}

describe.each(backends)('secrets (%s)', (backend) => {
  let s: Stage<'admin'>

  beforeAll(async () => {
    s = await stage(backend, { admin: { role: 'admin', tenants: ['*'] } })
  })

  afterAll(async () => {
    await s.teardown()
  })

  it('stores a secret write-only and shows a fingerprint a client can compare', async () => {
    const api = s.api()

    const created = await api.post<Live>(resources('acme'), integration('erp', FIRST))
    const fingerprint = created.body.spec.auth.key.fingerprint

    expect(created.body.spec.auth.key).toEqual({ secretRef: 'env:ERP_API_KEY', fingerprint })
    expect(compareToFingerprint(FIRST, fingerprint)).toBe('unchanged')
    expect(compareToFingerprint(SECOND, fingerprint)).toBe('changed')
  })

  it('keeps the stored value and fingerprint for the same value or no value; shows a new one', async () => {
    const api = s.api()
    const path = resource('acme', 'Integration', 'erp')
    const before = await api.get<Live>(path)

    const sameValue = await api.put<Live>(path, integration('erp', FIRST), { headers: { 'if-match': '"1"' } })
    const noValue = await api.put<Live>(path, integration('erp'), { headers: { 'if-match': '"2"' } })
    const newValue = await api.put<Live>(path, integration('erp', SECOND), { headers: { 'if-match': '"3"' } })
    const newRef = await api.put(path, integration('erp', undefined, 'env:OTHER_KEY'), { headers: { 'if-match': '"4"' } })
    const audit = await api.get<{ items: { change: string[] }[] }>('/v1/tenants/acme/audit?name=erp')

    const original = before.body.spec.auth.key.fingerprint
    expect(sameValue.body.spec.auth.key.fingerprint).toBe(original)
    expect(noValue.body.spec.auth.key.fingerprint).toBe(original)
    expect(compareToFingerprint(SECOND, newValue.body.spec.auth.key.fingerprint)).toBe('unchanged')
    expect(newRef.status).toBe(422)
    expect(newRef.body).toMatchObject({ problems: [{ pointer: '/spec/auth/key' }] })
    expect(audit.body.items.map(entry => entry.change)).toEqual([
      ['/apiVersion', '/kind', '/metadata', '/spec'], [], [], ['/spec/auth/key'],
    ])
  })

  it('never shows a secret value or a token in a response, the log or the database', async () => {
    const api = s.api()
    await api.request('POST', resources('acme'), {
      raw: `{"kind":"Integration","spec":{"auth":{"key":{"secretRef":"env:X","value":"${FIRST}"`,
    })
    await api.post('/v1/tenants/acme/changesets', {
      changes: [{ op: 'update', kind: 'Integration', name: 'erp', expectedVersion: 1, resource: integration('erp', FIRST) }],
    })
    await api.get(resources('acme'))

    const responses = api.transcript.join('\n')
    const stored = await storedText(s.db)

    for (const secret of [FIRST, SECOND, s.tokens.admin]) {
      expect(responses).not.toContain(secret)
      expect(s.server.logs()).not.toContain(secret)
      expect(stored).not.toContain(secret)
    }

    expect(s.server.logs()).toContain('"msg":"request"')
  })
})
