// OMS-IW-004 compares endpoints, not spellings: the same host written another way is the same.
import { describe, expect, it } from 'vitest'

import { findRule } from '../../src/rules/registry.js'
import { validateDocuments } from './memory-project.js'

const twoWebhooks = findRule('OMS-IW-004')!.examples.pass

async function duplicates(first: string, second: string): Promise<string[]> {
  const documents = twoWebhooks
    .replace('url: https://hooks.acme.example/oms/orders', `url: ${first}`)
    .replace('url: https://notify.acme.example/hooks/oms', `url: ${second}`)

  const run = await validateDocuments(documents)

  return run.report.problems.filter(problem => problem.rule === 'OMS-IW-004')
    .map(problem => problem.message)
}

describe('OMS-IW-004', () => {
  it.each([
    ['https://hooks.acme.example/oms/orders', 'https://hooks.acme.example./oms/orders'],
    ['https://hooks.acme.example./oms/orders', 'https://hooks.acme.example/oms/orders'],
    ['https://hooks.acme.example/oms/orders', 'https://HOOKS.Acme.Example:443/oms/orders/'],
    ['https://hooks.acme.example:8443/oms', 'https://hooks.acme.example.:8443/oms'],
    ['https://[2001:db8::10]/oms', 'https://[2001:DB8:0:0::10]:443/oms'],
  ])('%s and %s are one endpoint', async (first, second) => {
    expect(await duplicates(first, second)).toEqual(['Webhook/erp-order-events already uses this endpoint'])
  })

  it.each([
    ['https://hooks.acme.example/oms/orders', 'https://hooks.acme.example:8443/oms/orders'],
    ['https://hooks.acme.example/oms/orders', 'https://hooks.acme.example/oms/Orders'],
    ['https://hooks.acme.example/oms/orders', 'https://hooks.acme.example/oms/orders?v=2'],
    ['https://hooks.acme.example/oms/orders', 'https://hooks2.acme.example/oms/orders'],
  ])('%s and %s are two', async (first, second) => {
    expect(await duplicates(first, second)).toEqual([])
  })
})
