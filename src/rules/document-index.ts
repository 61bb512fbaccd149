import type { KindName } from '../model/kinds.js'
import type { RuleDocument } from './rule.js'

/**
 * One target's documents by kind and by name, built once per target so that every rule finds
 * what it needs in constant time: no rule walks all documents for each document.
 */
export class DocumentIndex {
  private readonly byKind = new Map<string, RuleDocument[]>()
  private readonly byId = new Map<string, RuleDocument>()

  constructor(documents: Iterable<RuleDocument>) {
    for (const document of documents) {
      const list = this.byKind.get(document.kind)
      if (list) list.push(document)
      else this.byKind.set(document.kind, [document])
      this.byId.set(document.id, document)
    }
  }

  of<K extends KindName>(kind: K): readonly RuleDocument<K>[] {
    return (this.byKind.get(kind) ?? []) as RuleDocument<K>[]
  }

  find<K extends KindName>(kind: K, name: string): RuleDocument<K> | undefined {
    return this.byId.get(`${kind}/${name}`) as RuleDocument<K> | undefined
  }

  has(kind: KindName, name: string): boolean {
    return this.byId.has(`${kind}/${name}`)
  }
}
