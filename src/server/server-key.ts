import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import path from 'node:path'

import { UserError } from '../errors.js'

export interface KeySource {
  /** base64 of 32 bytes, from OMSCTL_SERVER_KEY. */
  envKey?: string
  keyFile?: string
  /** The SQLite database whose folder holds `server.key` when neither is given. */
  beside?: string
  /** Whether that file may be created when missing: by the server, not by other commands. */
  generate?: boolean
}

export interface LoadedKey {
  key: Buffer
  /** Set when this start created the key file: the server says so in its log. */
  generatedFile?: string
}

/**
 * The key that encrypts secret values. Several PostgreSQL instances must share one key,
 * so only the embedded SQLite default may invent one (beside its database, mode 0600).
 */
export function loadServerKey(source: KeySource): LoadedKey {
  if (source.envKey !== undefined && source.envKey !== '') {
    return { key: decodeKey(source.envKey, 'OMSCTL_SERVER_KEY') }
  }

  if (source.keyFile !== undefined) return { key: readKeyFile(source.keyFile) }

  const file = source.beside === undefined
    ? undefined
    : path.join(path.dirname(path.resolve(source.beside)), 'server.key')
  if (file !== undefined && existsSync(file)) return { key: readKeyFile(file) }

  if (file === undefined || source.generate !== true) {
    throw new UserError('No secret key for the server', {
      code: 'server/no-key',
      hint: 'set OMSCTL_SERVER_KEY (base64 of 32 random bytes: openssl rand -base64 32) '
        + 'or pass --key-file; every instance on one database needs the same key',
    })
  }

  // the database's folder may not exist yet: the storage creates it only after the key
  mkdirSync(path.dirname(file), { recursive: true })
  const key = randomBytes(32)
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' })
  chmodSync(file, 0o600)
  return { key, generatedFile: file }
}

function readKeyFile(file: string): Buffer {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new UserError(`Cannot read the key file ${file}`, {
      code: 'server/key-file', hint: 'check the path and its permissions', cause: error,
    })
  }

  return decodeKey(text.trim(), file)
}

function decodeKey(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64')
  if (key.length !== 32 || key.toString('base64') !== text.trim()) {
    throw new UserError(`The key in ${where} is not base64 of 32 bytes`, {
      code: 'server/bad-key', hint: 'create one with: openssl rand -base64 32',
    })
  }

  return key
}
