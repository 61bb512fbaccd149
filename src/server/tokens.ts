import { createHash, randomBytes } from 'node:crypto'

import type { Storage, TokenRecord } from './storage/storage.js'

export const ROLES = ['read', 'plan', 'apply', 'admin'] as const
export type Role = typeof ROLES[number]

/** Each role includes every role before it in ROLES. */
export function roleAtLeast(role: string, needed: Role): boolean {
  return ROLES.indexOf(role as Role) >= ROLES.indexOf(needed)
}

/**
 * Tokens carry 256 random bits, so a plain sha256 is enough to store them: there is
 * nothing to brute-force that a slow hash would protect.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

export interface NewToken {
  token: string
  record: TokenRecord
}

/** Creates and stores a token; the clear token exists only in the return value. */
export async function createToken(
  storage: Storage, options: { role: Role, tenants: string[], name?: string },
): Promise<NewToken> {
  const token = `omsctl_${randomBytes(32).toString('base64url')}`
  const id = `tok_${randomBytes(6).toString('hex')}`
  const record: TokenRecord = {
    id,
    name: options.name ?? `${options.role}-${id.slice(4)}`,
    role: options.role,
    tenants: [...new Set(options.tenants)].sort(),
    hash: hashToken(token),
    createdAt: new Date().toISOString(),
  }

  await storage.createToken(record)
  return { token, record }
}
