import type { DocumentSource } from './document.js'

/** A parsed document before any check: a mapping, nothing more is known of it yet. */
export interface RawDocument {
  source: DocumentSource
  value: Record<string, unknown>
}

/** `Kind/name` when the document has both as strings, for messages before the schema check. */
export function rawId(document: RawDocument): string | undefined {
  const { kind, metadata } = document.value
  const name = typeof metadata === 'object' && metadata !== null
    ? (metadata as Record<string, unknown>).name
    : undefined
  return typeof kind === 'string' && typeof name === 'string' ? `${kind}/${name}` : undefined
}
