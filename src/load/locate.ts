import type { Document, LineCounter, Node } from 'yaml'

import { yamlWithPositions } from './yaml-positions.js'

export interface Position {
  line: number
  column: number
}

interface ParsedText {
  documents: Document.Parsed[]
  lineCounter: LineCounter
}

/**
 * Finds where a value sits in its file. Parsing with positions costs several times a plain
 * parse, so it happens only for files that have something to report, once per file.
 */
export class Locator {
  private readonly parsed = new Map<string, ParsedText | undefined>()

  constructor(private readonly readText: (file: string) => string | undefined) {}

  /**
   * Position of the node at `pointer` in document `index` of `file`: of a scalar value itself,
   * or of the key when the entry holds a collection or when `at` asks for the key (an unknown
   * field). Falls back to the nearest existing parent, then to `fallback`.
   */
  locate(file: string, index: number, pointer: string, fallback: Position, at: 'key' | 'value' = 'value'): Position {
    const text = this.parse(file)
    const document = text?.documents[index]
    if (!text || !document?.contents) return fallback

    const { isMap, isPair, isScalar, isSeq } = yamlWithPositions()
    let node: Node | null = document.contents
    let found: Position | undefined = this.position(text, node)
    for (const segment of splitPointer(pointer)) {
      if (isMap(node)) {
        const pair = node.items.find(item => isScalar(item.key)
          && String(item.key.value) === segment)
        if (!pair || !isPair(pair)) break

        node = pair.value as Node | null
        const onValue = at === 'value' && isScalar(node)
        found = this.position(text, (onValue ? node : pair.key) as Node) ?? found
      } else if (isSeq(node)) {
        const item = node.items[Number(segment)] as Node | undefined
        if (!item) break

        found = this.position(text, item) ?? found
        node = item
      } else {
        break
      }
    }

    return found ?? fallback
  }

  private position(text: ParsedText, node: Node | null | undefined): Position | undefined {
    const offset = node?.range?.[0]
    if (offset === undefined) return undefined

    const { line, col } = text.lineCounter.linePos(offset)
    return { line, column: col }
  }

  private parse(file: string): ParsedText | undefined {
    if (this.parsed.has(file)) return this.parsed.get(file)

    let result: ParsedText | undefined
    const text = this.readText(file)
    if (text !== undefined) {
      try {
        const { LineCounter: Counter, parseAllDocuments } = yamlWithPositions()
        const lineCounter = new Counter()
        const documents = parseAllDocuments(text, { lineCounter, uniqueKeys: false })
        result = { documents: Array.isArray(documents) ? documents : [], lineCounter }
      } catch {
        result = undefined
      }
    }

    this.parsed.set(file, result)
    return result
  }
}

export function splitPointer(pointer: string): string[] {
  if (pointer === '') return []
  return pointer.slice(1).split('/').map(part => part.replace(/~1/g, '/').replace(/~0/g, '~'))
}
