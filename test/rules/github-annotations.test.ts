// --format github against the workflow-command grammar the Actions runner parses: the output
// is read back with that grammar, so every escape must come out as the original text.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

import type { Problem } from '../../src/check/problem.js'
import { renderGithubAnnotations } from '../../src/render/github.js'
import { omsctl, repoRoot } from '../e2e/cli.js'

interface Command {
  command: string
  properties: Record<string, string>
  message: string
}

/**
 * The runner's reading of one line: `::` command, a space, `name=value` pairs split at `,`,
 * `::`, then the message. Property values unescape %0D %0A %3A %2C, the message %0D %0A, and
 * both %25 last.
 */
function parseCommand(line: string): Command {
  expect(line.startsWith('::')).toBe(true)
  const end = line.indexOf('::', 2)
  expect(end).toBeGreaterThan(2)

  const info = line.slice(2, end)
  const space = info.indexOf(' ')
  const properties: Record<string, string> = {}
  for (const pair of info.slice(space + 1).split(',').filter(Boolean)) {
    const equals = pair.indexOf('=')
    properties[pair.slice(0, equals)] = unescape(pair.slice(equals + 1), ['%0D', '%0A', '%3A', '%2C'])
  }

  return {
    command: space < 0 ? info : info.slice(0, space),
    properties,
    message: unescape(line.slice(end + 2), ['%0D', '%0A']),
  }
}

const TOKENS: Record<string, string> = { '%0D': '\r', '%0A': '\n', '%3A': ':', '%2C': ',' }

function unescape(text: string, escapes: readonly string[]): string {
  let result = text
  for (const escape of escapes) result = result.split(escape).join(TOKENS[escape])
  return result.split('%25').join('%')
}

function problem(overrides: Partial<Problem>): Problem {
  return {
    file: 'settings/global.yaml', line: 6, column: 13, rule: 'code/timezone',
    severity: 'error', message: 'unknown time zone', ...overrides,
  }
}

const options = { root: '/work/repo/settings-repo', workspace: '/work/repo' }

describe('renderGithubAnnotations', () => {
  it.each([
    ['a plain name', 'tenants/acme/global.yaml'],
    ['a percent sign', 'tenants/100%/global.yaml'],
    ['an escape lookalike', 'tenants/a%2Cb%0A/global.yaml'],
    ['commas', 'tenants/acme,eu/global.yaml'],
    ['colons', 'tenants/acme:eu/global.yaml'],
    ['a double colon', 'tenants/a::b/global.yaml'],
    ['a newline', 'tenants/acme\neu/global.yaml'],
    ['spaces and accents', 'tenants/Société Générale/global.yaml'],
  ])('keeps a file name with %s', (_, file) => {
    const line = renderGithubAnnotations([problem({ file })], options)

    expect(line.split('\n')).toHaveLength(1)
    expect(parseCommand(line)).toEqual({
      command: 'error',
      properties: { file: `settings-repo/${file}`, line: '6', col: '13', title: 'code/timezone' },
      message: 'unknown time zone',
    })
  })

  it.each([
    ['a percent sign', '100% of orders', undefined, '100% of orders'],
    ['escape lookalikes', 'literally %0A and %25', undefined, 'literally %0A and %25'],
    ['colons and commas, unescaped', 'a: b, c:: d', undefined, 'a: b, c:: d'],
    ['a hint on its own line', 'unknown zone', 'did you mean "Europe/Berlin"?', 'unknown zone\ndid you mean "Europe/Berlin"?'],
    ['CR LF inside', 'first\r\nsecond', undefined, 'first\r\nsecond'],
  ])('keeps a message with %s', (_, message, hint, shown) => {
    const line = renderGithubAnnotations([problem({ message, ...(hint ? { hint } : {}) })], options)

    expect(line.split('\n')).toHaveLength(1)
    expect(parseCommand(line).message).toBe(shown)
  })

  it('escapes colons and commas in the title, and leaves out the position of a whole file', () => {
    const line = renderGithubAnnotations([problem({ rule: 'a:b,c', line: 0, column: 0, severity: 'warning' })], options)

    expect(line).toBe('::warning file=settings-repo/settings/global.yaml,title=a%3Ab%2Cc::unknown time zone')
    expect(parseCommand(line).properties).toEqual({ file: 'settings-repo/settings/global.yaml', title: 'a:b,c' })
  })

  it('names a project outside the workspace by its absolute path', () => {
    const line = renderGithubAnnotations([problem({})], { root: '/elsewhere/repo', workspace: '/work/repo' })

    expect(parseCommand(line).properties.file).toBe('/elsewhere/repo/settings/global.yaml')
  })
})

describe('omsctl validate --format github', () => {
  const example = join(repoRoot, 'examples', 'broken', 'rule-endpoints')
  const files = (stdout: string): string[] =>
    stdout.split('\n').filter(Boolean).map(line => parseCommand(line).properties.file!)

  it('gives paths from the folder it runs in, for a project below it', async () => {
    const result = await omsctl(['validate', example, '--format', 'github', '--no-cache'], {
      cwd: repoRoot, env: { GITHUB_WORKSPACE: undefined },
    })

    expect(result.exitCode).toBe(1)
    expect(new Set(files(result.stdout))).toEqual(new Set(['examples/broken/rule-endpoints/settings/webhooks.yaml']))
    const credential = result.stdout.split('\n').find(line => line.includes('title=OMS-SC-001'))
    expect(credential).toMatch(/^::error file=examples\/broken\/\S+,line=8,col=21,title=OMS-SC-001/)
    expect(result.stdout).not.toContain('AKIAIOSFODNN7EXAMPLE')
  })

  it('gives paths from GITHUB_WORKSPACE when the runner sets it', async () => {
    const result = await omsctl(['validate', '.', '--format', 'github', '--no-cache'], {
      cwd: example, env: { GITHUB_WORKSPACE: join(repoRoot, 'examples') },
    })

    expect(result.exitCode).toBe(1)
    expect(new Set(files(result.stdout))).toEqual(new Set(['broken/rule-endpoints/settings/webhooks.yaml']))
  })
})
