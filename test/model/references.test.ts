import { describe, expect, it } from 'vitest'

import { KIND_NAMES, KINDS } from '../../src/model/kinds.js'
import { findReferences, kindDependencyOrder } from '../../src/model/references.js'
import { readSchema } from '../../src/model/schema-files.js'
import { acmeDocuments, kindExample } from './schema-fixtures.js'

type Node = Record<string, unknown>

/** The schema a document pointer pattern leads to, following local and common $refs. */
function schemaAt(file: string, pattern: string): Node | undefined {
  let schema: Node = readSchema(file)
  let node: Node | undefined = schema

  const resolve = (value: Node | undefined): Node | undefined => {
    const ref = value?.$ref
    if (typeof ref !== 'string') return value

    const [target = '', fragment = ''] = ref.split('#')
    if (target !== '') schema = readSchema(new URL(target, `file:///${file}`).pathname.slice(1))
    return fragment.split('/').filter(Boolean).reduce<Node | undefined>(
      (current, part) => current?.[part] as Node | undefined, schema)
  }

  for (const segment of pattern.split('/').slice(1)) {
    node = resolve(node)
    node = segment === '*'
      ? node?.items as Node | undefined
      : (node?.properties as Record<string, Node> | undefined)?.[segment]
  }

  return resolve(node)
}

describe('kind references', () => {
  it('point at resource-name fields that exist in the schemas', () => {
    for (const kind of KIND_NAMES) {
      for (const reference of KINDS[kind].references) {
        const target = schemaAt(KINDS[kind].schemaFile, reference.path)

        expect(target?.title, `${kind} ${reference.path}`).toBe('ResourceName')
      }
    }
  })

  it('are found in a document with their pointers', () => {
    const policy = kindExample('ApprovalPolicy') as { kind: string, spec: unknown }

    expect(findReferences(policy)).toEqual([
      { pointer: '/spec/bands/0/approverRoles/0', kind: 'Role', name: 'order-manager' },
      { pointer: '/spec/bands/1/approverRoles/0', kind: 'Role', name: 'order-manager' },
      { pointer: '/spec/bands/2/approverRoles/0', kind: 'Role', name: 'finance-approver' },
      { pointer: '/spec/escalation/toRoles/0', kind: 'Role', name: 'finance-approver' },
    ])
    expect(findReferences({ kind: 'Unknown', spec: {} })).toEqual([])
  })

  it('all resolve to documents of examples/acme', () => {
    const documents = acmeDocuments().map(({ value }) => value as { kind: string, spec: unknown })
    const names = new Set(documents.map(document =>
      `${document.kind}/${(document as { metadata?: { name?: string } }).metadata?.name}`))
    const references = documents.flatMap(document => findReferences(document))
    const dangling = references.filter(({ kind, name }) => !names.has(`${kind}/${name}`))

    expect(references.length).toBeGreaterThan(15)
    expect(dangling).toEqual([])
  })

  it('order kinds so that every kind follows the kinds it references', () => {
    const order = kindDependencyOrder()

    expect([...order].sort()).toEqual([...KIND_NAMES].sort())
    for (const kind of KIND_NAMES) {
      for (const reference of KINDS[kind].references) {
        expect(order.indexOf(reference.kind), `${reference.kind} before ${kind}`)
          .toBeLessThan(order.indexOf(kind))
      }
    }
  })
})
