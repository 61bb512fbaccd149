import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'

import { describe, expect, it } from 'vitest'

import { wireSchemaText, wireSchemas } from '../../scripts/wire-schemas.js'
import { repoRoot } from './harness/cli.js'
import { contract, contractProblems } from './harness/contract.js'
import { integration } from './harness/fixtures.js'

const FINGERPRINT = `hmac-sha256:c2FsdHNhbHRzYWx0c2FsdA:${'ab'.repeat(32)}`

/** An Integration as a read returns it, with its API key secret in `key`. */
function live(key: Record<string, unknown>) {
  const document = integration('erp')
  return {
    version: 1, updatedAt: '2025-01-31T12:00:00.000Z', updatedBy: 'admin', managedBy: 'omsctl',
    ...document,
    spec: { ...document.spec, auth: { ...document.spec.auth, key } },
  }
}

function read(body: unknown) {
  return contractProblems({
    method: 'GET', path: '/v1/tenants/acme/resources/Integration/erp', query: {}, status: 200,
    headers: { etag: '"1"' }, body,
  })
}

describe('wire forms of the kinds that hold secrets', () => {
  it('are fresh: schemas/wire/ is what scripts/wire-schemas.js makes of the kind schemas', () => {
    const expected = wireSchemas()
    const committed = readdirSync(path.join(repoRoot, 'schemas/wire')).map(file => `wire/${file}`)

    expect(committed.sort()).toEqual(Object.keys(expected).sort())
    for (const [file, schema] of Object.entries(expected)) {
      const text = readFileSync(path.join(repoRoot, 'schemas', file), 'utf8')
      expect(text, `${file} is stale: npm run validators`).toBe(wireSchemaText(schema))
    }
  })

  it('let the contract pass a secret read as {secretRef, fingerprint} and catch a value in it', async () => {
    const ref = 'env:ERP_API_KEY'

    const sound = await read(live({ secretRef: ref, fingerprint: FINGERPRINT }))
    const leaked = await read(live({ secretRef: ref, fingerprint: FINGERPRINT, value: 's3cr3t' }))
    const bare = await read(live({ secretRef: ref }))
    const listed = await contractProblems({
      method: 'GET', path: '/v1/tenants/acme/resources', query: {}, status: 200, headers: {},
      body: { items: [live({ secretRef: ref, value: 's3cr3t' })], nextCursor: null },
    })

    expect(sound).toEqual([])
    expect(leaked.join('\n')).toContain('/spec/auth/key must NOT have additional properties')
    expect(bare.join('\n')).toContain('/spec/auth/key must have required property \'fingerprint\'')
    expect(listed.join('\n')).toContain('/items/0/spec/auth/key must NOT have additional properties')
  })

  it('describe a write\'s secrets as {secretRef, value}, the value optional', async () => {
    const api = await contract()
    const write = (key: unknown) => api.validator.validateRequest({
      method: 'POST',
      path: '/v1/tenants/acme/resources',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k1' },
      body: { ...integration('erp'), spec: { ...integration('erp').spec, auth: { ...integration('erp').spec.auth, key } } },
    })

    expect(write({ secretRef: 'env:ERP_API_KEY', value: 's3cr3t' }).errors ?? []).toEqual([])
    expect(write({ secretRef: 'env:ERP_API_KEY' }).errors ?? []).toEqual([])
    expect(write({ secretRef: 'env:ERP_API_KEY', value: '' }).valid).toBe(false)
    expect(write({ secretRef: 'env:ERP_API_KEY', plain: 's3cr3t' }).valid).toBe(false)
  })
})
