import { describe, expect, it } from 'vitest'

import { decode, MAX_FILE_BYTES } from '../../src/load/decode.js'
import { parseFile } from '../../src/load/parse-file.js'

function parse(text: string) {
  return parseFile('settings/a.yaml', text)
}

describe('parseFile', () => {
  it('reads several documents with the line each starts on', () => {
    const text = '# header\nkind: A\n---\nkind: B\n---\n\n---\nkind: C\n'

    const parsed = parse(text)

    expect(parsed.problems).toEqual([])
    expect(parsed.documents.map(document => [document.index, document.line, document.value]))
      .toEqual([[0, 2, { kind: 'A' }], [1, 4, { kind: 'B' }], [3, 8, { kind: 'C' }]])
  })

  it('keeps dates and yes/no as strings (YAML 1.2 core schema)', () => {
    const parsed = parse('expires: 2027-01-31\nflag: yes\nn: ~\n')

    expect(parsed.documents[0]?.value).toEqual({ expires: '2027-01-31', flag: 'yes', n: null })
  })

  it('ignores an empty file', () => {
    expect(parse('')).toEqual({ documents: [], problems: [], findings: [] })
    expect(parse('# only a comment\n')).toEqual({ documents: [], problems: [], findings: [] })
  })

  it.each([
    ['a duplicate key', 'a: 1\nb: 2\na: 3\n', 'yaml/duplicate-key', 3, 1],
    ['a tab in indentation', 'a:\n\tb: 1\n', 'yaml/tab', 2, 1],
    ['an unclosed flow mapping', 'a: {b: 1\n', 'yaml/syntax', 2, 1],
    ['a bad indentation', 'a:\n  b: 1\n c: 2\n', 'yaml/syntax', 3, 1],
  ])('reports %s with its position', (_name, text, rule, line, column) => {
    const parsed = parse(text)

    expect(parsed.documents).toEqual([])
    expect(parsed.problems[0]).toMatchObject({ file: 'settings/a.yaml', rule, line, column, severity: 'error' })
  })

  it('reports a syntax error in one document and still reads the others', () => {
    const text = 'kind: A\nbad: [1\n---\nkind: B\n---\nkind: C\nspec: {x: 1}\n'

    const parsed = parse(text)

    expect(parsed.problems).toEqual([expect.objectContaining({ rule: 'yaml/syntax', line: 3, column: 1 })])
    expect(parsed.documents.map(document => [document.index, document.line, document.value]))
      .toEqual([[1, 4, { kind: 'B' }], [2, 6, { kind: 'C', spec: { x: 1 } }]])
  })

  it('reports every broken document of a file, each at its own line', () => {
    const text = 'a: {b: 1\n---\nkind: B\n---\nc: 1\nc: 2\n'

    const parsed = parse(text)

    expect(parsed.problems.map(problem => [problem.rule, problem.line])).toEqual([
      ['yaml/syntax', 2], ['yaml/duplicate-key', 6],
    ])
    expect(parsed.documents.map(document => document.value)).toEqual([{ kind: 'B' }])
  })

  it('still guards the clean documents of a file with a syntax error', () => {
    const parsed = parse('a: [1\n---\n__proto__:\n  polluted: true\n')

    expect(parsed.problems[0]?.rule).toBe('yaml/syntax')
    expect(parsed.findings).toEqual([expect.objectContaining({
      rule: 'yaml/forbidden-key', pointer: '/__proto__', source: { file: 'settings/a.yaml', index: 1, line: 3 },
    })])
    expect(parsed.documents).toEqual([])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('names a duplicate key and the line it first appears on', () => {
    const parsed = parse('kind: Role\nspec:\n  description: a\n  permissions: []\n  description: b\n')

    expect(parsed.problems).toEqual([expect.objectContaining({
      rule: 'yaml/duplicate-key', line: 5, column: 3,
      message: 'duplicate key "description" (first at line 3)', hint: 'keep one of them',
    })])
  })

  it('reports an unknown tag at the tag, not at the end of the file', () => {
    const text = 'apiVersion: omsctl.dev/v1\nkind: Role\nmetadata:\n  name: x\nspec: !custom\n  a: 1\nb: 2\n'

    const parsed = parse(text)

    expect(parsed.problems).toEqual([expect.objectContaining({
      rule: 'yaml/unknown-tag', line: 5, column: 7, message: 'unknown tag !custom',
    })])
  })

  it.each([
    ['an explicit complex key', 'kind: A\nspec:\n  ok: 1\n  ? [a, b]\n  : 1\n', 4, 5],
    ['a flow mapping as a key', 'kind: A\nspec:\n  {a: 1}: x\n', 3, 3],
  ])('reports %s at the key itself', (_name, text, line, column) => {
    const parsed = parse(text)

    expect(parsed.documents).toEqual([])
    expect(parsed.problems).toEqual([expect.objectContaining({ rule: 'yaml/complex-key', line, column })])
  })

  it('reads a question mark inside a value as text', () => {
    const parsed = parse('a: "why? because"\nb: what? no\nc: [x]\n')

    expect(parsed.problems).toEqual([])
    expect(parsed.documents[0]?.value).toEqual({ a: 'why? because', b: 'what? no', c: ['x'] })
  })

  it('reports nesting beyond the parser limit without crashing', () => {
    const deep = `a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`

    const parsed = parse(deep)

    expect(parsed.problems[0]?.rule).toBe('yaml/depth')
  })

  it.each([
    ['__proto__', 'kind: A\n__proto__: {polluted: true}\n', 'yaml/forbidden-key', '/__proto__'],
    ['constructor', 'kind: A\nspec:\n  constructor: x\n', 'yaml/forbidden-key', '/spec/constructor'],
    ['a merge key', 'base: &b {x: 1}\nspec:\n  <<: *b\n', 'yaml/merge-key', '/spec/<<'],
    ['a scalar document', 'just text\n', 'document/not-a-mapping', ''],
    ['a list document', '- a\n- b\n', 'document/not-a-mapping', ''],
  ])('refuses %s without touching any prototype', (_name, text, rule, pointer) => {
    const parsed = parse(text)

    expect(parsed.documents).toEqual([])
    expect(parsed.findings[0]).toMatchObject({ rule, pointer, severity: 'error' })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('bounds the expansion of aliases (billion laughs)', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]']
    for (let i = 1; i < 8; i++) {
      const previous = String.fromCharCode(96 + i)
      const name = String.fromCharCode(97 + i)
      levels.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`)
    }

    const parsed = parse(`${levels.join('\n')}\n`)

    expect(parsed.findings[0]?.rule).toBe('yaml/alias-limit')
  })

  it('accepts a few aliases', () => {
    const parsed = parse('a: &x {n: 1}\nb: *x\n')

    expect(parsed.findings).toEqual([])
    expect(parsed.documents[0]?.value).toEqual({ a: { n: 1 }, b: { n: 1 } })
  })
})

describe('decode', () => {
  it('strips a byte order mark and CRLF line ends', () => {
    const bytes = Buffer.from('\uFEFFa: 1\r\nb: 2\r\n', 'utf8')

    expect(decode('f.yaml', bytes)).toEqual({ text: 'a: 1\nb: 2\n' })
  })

  it('reports invalid UTF-8 at its line and column', () => {
    const bytes = Buffer.concat([Buffer.from('a: 1\nb: x'), Buffer.from([0xC3, 0x28]), Buffer.from('\n')])

    expect(decode('f.yaml', bytes).problem).toMatchObject({ rule: 'file/encoding', line: 2, column: 5 })
  })

  it('refuses a file over the size limit', () => {
    const bytes = Buffer.alloc(MAX_FILE_BYTES + 1, 0x20)

    expect(decode('f.yaml', bytes).problem).toMatchObject({ rule: 'file/too-large', line: 0 })
  })
})
