import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { Ajv2020 } from 'ajv/dist/2020.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { readPlanFile, writePlanFile } from '../../src/plan/plan-file.js'
import { PLAN_FORMAT, type Plan } from '../../src/plan/plan-types.js'

const plan: Plan = {
  format: PLAN_FORMAT, formatVersion: 1, planId: 'p1', createdAt: '2026-01-01T00:00:00Z', omsctlVersion: '0.1.0',
  target: { name: 'prod/acme', environment: 'prod', tenant: 'acme' },
  git: { commit: null, author: null, ref: null, dirtyFiles: [] }, desiredDigest: `sha256:${'0'.repeat(64)}`,
  options: { prune: false, allowDeleteProtected: false },
  changes: [{
    op: 'create', id: 'Integration/erp', kind: 'Integration', name: 'erp', liveVersion: null, fields: [],
    secrets: [{ path: 'spec.token', ref: 'env:T', status: 'new' }],
    desired: { apiVersion: 'omsctl.dev/v1', kind: 'Integration', metadata: { name: 'erp' }, spec: { token: { secretRef: 'env:T' } } },
  }],
  summary: { create: 1, update: 0, delete: 0, unchanged: 0 },
  notes: { notPruned: [], protectedKept: [], unmanaged: [], unresolvedSecrets: 0 },
}

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'omsctl-plan-file-'))
})

afterAll(() => rm(dir, { recursive: true, force: true }))

describe('plan files', () => {
  it('round-trips a plan', async () => {
    const file = path.join(dir, 'plan.json')

    await writePlanFile(file, plan)

    expect(await readPlanFile(file)).toEqual(plan)
  })

  it('refuses to write a secret value', async () => {
    const leaking = structuredClone(plan)
    const spec = leaking.changes[0]!.desired!.spec
    spec.token = { secretRef: 'env:T', value: 'hunter2' }
    const file = path.join(dir, 'leak.json')

    await expect(writePlanFile(file, leaking)).rejects.toThrow(/secret value/)
    await expect(readFile(file)).rejects.toThrow()
  })

  it.each([
    ['not JSON', '{', /is not an omsctl plan: it is not JSON/],
    ['another format', '{"format":"terraform"}', /format is not omsctl.plan/],
    ['a newer version', JSON.stringify({ ...plan, formatVersion: 2 }), /format version 2; this omsctl applies version 1/],
    ['an incomplete change', JSON.stringify({ ...plan, changes: [{ op: 'update', id: 'Role/x' }] }), /\/changes\/0 must have required property '\w+' \(schemas\/plan.schema.json\)/],
    ['an update without its live version', JSON.stringify({ ...plan, changes: [{ ...plan.changes[0], op: 'update' }] }), /\/changes\/0\/liveVersion must be integer/],
    ['an edited field', JSON.stringify({ ...plan, desiredDigest: 'sha256:beef' }), /\/desiredDigest must match pattern/],
    ['missing fields', JSON.stringify({ format: PLAN_FORMAT, formatVersion: 1 }), /\/ must have required property 'planId'/],
  ])('rejects %s', async (_, text, message) => {
    const file = path.join(dir, 'bad.json')
    await writeFile(file, text)

    await expect(readPlanFile(file)).rejects.toThrow(message)
  })

  it('writes what schemas/plan.schema.json describes', async () => {
    const schema = JSON.parse(await readFile(path.join(import.meta.dirname, '../../schemas/plan.schema.json'), 'utf8')) as object
    const validate = new Ajv2020({ strict: true, allowUnionTypes: true }).compile(schema)

    expect(validate(plan), JSON.stringify(validate.errors)).toBe(true)
  })

  it('names a missing file', async () => {
    await expect(readPlanFile(path.join(dir, 'none.json'))).rejects.toThrow(/Cannot read plan file/)
  })
})
