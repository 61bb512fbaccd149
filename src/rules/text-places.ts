import type { Document, Node } from 'yaml'

import { escapePointer } from '../load/guard.js'
import { yamlWithPositions } from '../load/yaml-positions.js'

/** Where a character offset of a YAML file falls: in the text, and in its documents. */
export interface TextPlace {
  /** 1-based, as every problem counts. */
  line: number
  column: number
  /** The document around the offset; undefined before the first and between documents. */
  index: number | undefined
  /**
   * The scalar value the offset falls in, when it falls in one; empty for comments, keys and
   * anything else, so that no pointer ever spells out text that a rule reported.
   */
  pointer: string
}

type Range = readonly [number, number, number]

/**
 * Places the offsets that file rules reported. The file is parsed with positions once, and
 * only when something is reported: most files have nothing to place.
 */
export function placeOffsets(text: string, offsets: readonly number[]): TextPlace[] {
  const documents = parsed(text)
  const reportedIn = (node: Node | null | undefined): boolean =>
    offsets.some(offset => inside(node, offset))

  return offsets.map((offset) => {
    const { line, column } = lineAndColumn(text, offset)
    const index = documentAt(documents, offset)
    const document = index === undefined ? undefined : documents[index]
    // a pointer into a document that does not parse would point at a guess
    const pointer = document?.contents && document.errors.length === 0
      ? pointerAt(document.contents, offset, reportedIn)
      : ''
    return { line, column, index, pointer }
  })
}

function parsed(text: string): Document.Parsed[] {
  try {
    const documents = yamlWithPositions().parseAllDocuments(text, { uniqueKeys: false })
    return Array.isArray(documents) ? documents : []
  } catch {
    return []
  }
}

function lineAndColumn(text: string, offset: number): { line: number, column: number } {
  let line = 1
  let start = 0
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) {
    line++
    start = at + 1
  }

  return { line, column: offset - start + 1 }
}

/** The document whose text holds the offset (a comment above the first one is in none). */
function documentAt(documents: readonly Document.Parsed[], offset: number): number | undefined {
  const index = documents.findIndex((document) => {
    const range = document.range as Range
    return range[0] <= offset && offset < range[2]
  })
  return index < 0 ? undefined : index
}

/**
 * The pointer of the scalar value holding the offset. The walk stops without a pointer at a
 * key that holds reported text: a credential used as a key must not reappear in a pointer.
 */
function pointerAt(root: Node, offset: number, reportedIn: (node: Node | null) => boolean): string {
  const { isMap, isScalar, isSeq } = yamlWithPositions()
  const path: string[] = []
  let node: Node | null = root
  for (;;) {
    if (isScalar(node)) return inside(node, offset) ? toPointer(path) : ''

    if (isMap(node)) {
      const pair = node.items.find(item => inside(item.value as Node | null, offset))
      if (!pair || !isScalar(pair.key) || reportedIn(pair.key)) return ''

      path.push(String(pair.key.value))
      node = pair.value as Node | null
    } else if (isSeq(node)) {
      const at = node.items.findIndex(item => inside(item as Node | null, offset))
      if (at < 0) return ''

      path.push(String(at))
      node = node.items[at] as Node | null
    } else {
      return ''
    }
  }
}

/** Whether the offset lies in the node's own text (trailing comments excluded). */
function inside(node: Node | null | undefined, offset: number): boolean {
  const range = node?.range as Range | undefined
  return range !== undefined && range[0] <= offset && offset < range[1]
}

function toPointer(path: readonly string[]): string {
  return path.map(segment => `/${escapePointer(segment)}`).join('')
}
