import { readFileSync } from 'node:fs'
import path from 'node:path'

import { UserError } from '../errors.js'
import type { SecretValues } from '../plan/field-diff.js'

/** Where `env:` and `file:` references are looked up. */
export interface SecretEnvironment {
  env: NodeJS.ProcessEnv
  /** Relative `file:` references are relative to the project root. */
  root: string
}

/**
 * The value of a reference, or undefined when it is not available here (a plan on a
 * laptop usually lacks production secrets; it then says it cannot compare).
 */
export function lookupSecret(ref: string, where: SecretEnvironment): string | undefined {
  const parsed = parseRef(ref)

  if (parsed.scheme === 'env') return where.env[parsed.name]

  try {
    return readFileSync(path.resolve(where.root, parsed.name), 'utf8').replace(/\r?\n$/, '')
  } catch {
    return undefined
  }
}

/**
 * Secret values looked up on first use and remembered: plan asks only for the secrets of
 * resources that exist live, once per reference.
 */
export function availableSecrets(where: SecretEnvironment): SecretValues {
  const known = new Map<string, string | undefined>()
  return {
    get(ref: string) {
      if (!known.has(ref)) known.set(ref, lookupSecret(ref, where))
      return known.get(ref)
    },
  }
}

/** Like lookupSecret, but a missing value is an error that says where it was looked for. */
export function requireSecret(ref: string, where: SecretEnvironment, usedAt: string): string {
  const value = lookupSecret(ref, where)
  if (value !== undefined) return value

  const parsed = parseRef(ref)
  const hint = parsed.scheme === 'env'
    ? `set the environment variable ${parsed.name} where omsctl apply runs`
    : `create ${path.resolve(where.root, parsed.name)} (readable by omsctl)`
  throw new UserError(`Secret ${ref} used by ${usedAt} is not available`, {
    code: 'secret/unresolved',
    hint,
  })
}

function parseRef(ref: string): { scheme: 'env' | 'file', name: string } {
  const match = /^(env|file):(.+)$/.exec(ref)
  if (match?.[1] === 'env' || match?.[1] === 'file') {
    return { scheme: match[1], name: match[2] ?? '' }
  }

  throw new UserError(`Invalid secret reference ${JSON.stringify(ref)}`, {
    code: 'secret/invalid-ref',
    hint: 'use env:NAME or file:path',
  })
}
