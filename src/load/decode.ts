import type { Problem } from '../check/problem.js'

/** Settings files are small; anything larger is almost certainly a mistake or an attack. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024

const utf8 = new TextDecoder('utf-8', { fatal: true })

export type Decoded = { text: string, problem?: undefined } | { text?: undefined, problem: Problem }

/** Bytes to text: size limit, strict UTF-8, BOM and CRLF tolerated. */
export function decode(file: string, bytes: Uint8Array): Decoded {
  if (bytes.length > MAX_FILE_BYTES) {
    return {
      problem: fileProblem(file, 'file/too-large',
        `file is ${bytes.length} bytes, over the limit of ${MAX_FILE_BYTES} bytes`,
        'split the documents over several files'),
    }
  }

  let text: string
  try {
    text = utf8.decode(bytes)
  } catch {
    const offset = firstInvalidUtf8(bytes)
    const { line, column } = positionOfByte(bytes, offset)
    return {
      problem: {
        file, line, column, rule: 'file/encoding', severity: 'error',
        message: `invalid UTF-8 at byte ${offset}`,
        hint: 'save the file as UTF-8',
      },
    }
  }

  if (text.charCodeAt(0) === 0xFEFF) text = text.slice(1)
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n')
  return { text }
}

export function fileProblem(file: string, rule: string, message: string, hint?: string): Problem {
  return { file, line: 0, column: 0, rule, severity: 'error', message, ...(hint ? { hint } : {}) }
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const byte = bytes[i] ?? 0
    const length = byte < 0x80
      ? 1
      : byte >= 0xC2 && byte < 0xE0
        ? 2
        : byte >= 0xE0 && byte < 0xF0
          ? 3
          : byte >= 0xF0 && byte < 0xF5 ? 4 : 0
    if (length === 0 || i + length > bytes.length) return i

    try {
      utf8.decode(bytes.subarray(i, i + length))
    } catch {
      return i
    }

    i += length
  }

  return i
}

function positionOfByte(bytes: Uint8Array, offset: number): { line: number, column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0A) {
      line++
      lineStart = i + 1
    }
  }

  return { line, column: offset - lineStart + 1 }
}
