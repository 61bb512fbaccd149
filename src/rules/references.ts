import { choiceHint } from '../check/messages.js'
import type { KindName } from '../model/kinds.js'
import { findReferences } from '../model/references.js'
import type { DocumentIndex } from './document-index.js'
import type { Report } from './rule.js'

/**
 * Reports every field of the documents of `from` that names a `to` resource the target does
 * not have. The fields come from the kinds registry, the same list the planner orders by.
 */
export function* missingReferences(
  documents: DocumentIndex,
  from: readonly KindName[],
  to: KindName,
  what: string,
): Generator<Report> {
  let names: string[] | undefined
  for (const kind of from) {
    for (const document of documents.of(kind)) {
      for (const reference of findReferences(document)) {
        if (reference.kind !== to || documents.has(to, reference.name)) continue

        names ??= documents.of(to).map(candidate => candidate.name)
        yield {
          document,
          pointer: reference.pointer,
          message: `${what} ${to}/${reference.name}, which does not exist`,
          hint: names.length === 0
            ? `define a ${to} named ${reference.name}; this target has none`
            : choiceHint(reference.name, names, `${to} names`),
        }
      }
    }
  }
}
