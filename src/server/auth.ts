import type { FastifyRequest } from 'fastify'

import { ApiError } from './reply.js'
import type { Storage } from './storage/storage.js'
import { type Role, hashToken, roleAtLeast } from './tokens.js'

/** The token behind a request, as far as the routes need to know it. */
export interface Principal {
  tokenId: string
  name: string
  role: string
  tenants: readonly string[]
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal
    /** The body as received, for idempotency: a retry must send the same bytes. */
    rawBody?: string
  }
}

/** How long a looked-up token is trusted without asking the database again. */
const CACHE_MS = 10_000

/**
 * Resolves bearer tokens, remembering hits for a few seconds so that a read under load
 * costs no database round trip for its token. Misses are not remembered: a token created
 * with `omsctl server token create` works at once.
 */
export class TokenResolver {
  private readonly cache = new Map<string, { principal: Principal, until: number }>()

  constructor(private readonly storage: Storage) {}

  async resolve(authorization: string | undefined): Promise<Principal> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')
    if (!match?.[1]) {
      throw unauthorized('Send Authorization: Bearer <token>')
    }

    const hash = hashToken(match[1])
    const cached = this.cache.get(hash)
    if (cached && cached.until > Date.now()) return cached.principal

    const record = await this.storage.findToken(hash)
    if (!record) throw unauthorized('The token is not valid')

    const principal = {
      tokenId: record.id, name: record.name, role: record.role, tenants: record.tenants,
    }
    this.cache.set(hash, { principal, until: Date.now() + CACHE_MS })
    return principal
  }
}

function unauthorized(message: string): ApiError {
  return new ApiError(401, 'unauthorized', message, {
    headers: { 'www-authenticate': 'Bearer realm="omsctl"' },
  })
}

/**
 * Access to one tenant's data. A tenant outside the token's scope is `404`, exactly as a
 * tenant that does not exist, so a token cannot learn which tenants exist; only within
 * its scope does a weak role get `403`.
 */
export function requireTenant(request: FastifyRequest, tenant: string, role: Role): Principal {
  const principal = requirePrincipal(request)
  if (!principal.tenants.includes('*') && !principal.tenants.includes(tenant)) {
    throw new ApiError(404, 'not_found', `No tenant ${tenant}`)
  }

  return requireRoleOf(principal, role)
}

export function requireRole(request: FastifyRequest, role: Role): Principal {
  return requireRoleOf(requirePrincipal(request), role)
}

/**
 * Access to what spans every tenant (the whole audit chain, the instance's metrics): a
 * token scoped to some tenants would learn about the others from it, so it needs `*`.
 */
export function requireEveryTenant(request: FastifyRequest, role: Role): Principal {
  const principal = requireRole(request, role)
  if (!principal.tenants.includes('*')) {
    throw new ApiError(403, 'forbidden',
      'This covers every tenant and needs a token scoped to all of them (*); the token has '
      + principal.tenants.join(', '))
  }

  return principal
}

/** Whether every tenant of `tenants` is within the principal's scope. */
export function withinScope(principal: Principal, tenants: readonly string[]): boolean {
  if (principal.tenants.includes('*')) return true

  return tenants.every(tenant => tenant !== '*' && principal.tenants.includes(tenant))
}

function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthorized('Send Authorization: Bearer <token>')
  return request.principal
}

function requireRoleOf(principal: Principal, role: Role): Principal {
  if (!roleAtLeast(principal.role, role)) {
    throw new ApiError(403, 'forbidden',
      `This needs the ${role} role; the token has ${principal.role}`)
  }

  return principal
}
