import { ApiError } from '../reply.js'

/** Tenant names follow metadata.name; anything else cannot exist, so it is a 404. */
const TENANT_PATTERN = /^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])$/

export interface TenantParams {
  tenant: string
}

export interface ResourceParams extends TenantParams {
  kind: string
  name: string
}

export function checkTenant(tenant: string): string {
  if (!TENANT_PATTERN.test(tenant)) throw new ApiError(404, 'not_found', `No tenant ${tenant}`)
  return tenant
}

/** Cursors are opaque to clients: base64url of JSON. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url')
}

export function decodeCursor<T>(cursor: string, check: (value: unknown) => value is T): T {
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    value = undefined
  }

  if (!check(value)) {
    throw new ApiError(400, 'bad_request', 'The cursor is not one this server returned')
  }

  return value
}

export const limitSchema = (max: number, fallback: number) =>
  ({ type: 'integer', minimum: 1, maximum: max, default: fallback }) as const
