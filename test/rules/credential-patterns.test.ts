import { describe, expect, it } from 'vitest'

import {
  entropy, findCredentials, isSecretLikeName, knownCredential, looksRandom,
} from '../../src/rules/credential-patterns.js'

// Built from parts so that secret scanners do not flag this file itself.
const token = (...parts: string[]): string => parts.join('')

describe('knownCredential', () => {
  it.each([
    [token('AKIA', 'IOSFODNN7EXAMPLE'), 'an AWS access key id'],
    [`key ${token('ASIA', 'Y34FZKBOKMUTVV7A')} here`, 'an AWS access key id'],
    [token('ghp_', 'a'.repeat(18), 'B1'.repeat(9)), 'a GitHub token'],
    [token('github_pat_', '11ABCDEFG0', 'x'.repeat(72)), 'a GitHub token'],
    [token('xox', 'b-', '1234567890-abcdefghij'), 'a Slack token'],
    [token('https://hooks.slack.com/services/', 'T0123ABCD/B0123ABCD/', 'abcdefghijklmnop'), 'a Slack webhook URL'],
    [token('-----BEGIN ', 'RSA PRIVATE KEY-----\nMIIE...'), 'a private key'],
    [token('-----BEGIN ', 'OPENSSH PRIVATE KEY-----'), 'a private key'],
    [token('sk_', 'live_', '4eC39HqLyjWDarjtT1zdp7dc'), 'a Stripe secret key'],
    [token('AIza', 'SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY'), 'a Google API key'],
    [token('npm_', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'), 'an npm token'],
    [token('eyJhbGciOiJIUzI1NiJ9', '.eyJzdWIiOiIxMjM0NTY3ODkwIn0', '.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'), 'a JSON Web Token'],
    [token('https://svc:', 'hunter2secret', '@erp.acme.example/api'), 'a password inside a URL'],
  ])('finds %s', (text, what) => {
    expect(knownCredential(text)).toBe(what)
  })

  it.each([
    'https://hooks.acme.example/oms/orders',
    'env:ADYEN_API_KEY',
    'arn:aws:kms:eu-central-1:123456789012:key/8c1f0b7e-3f4a-4c9e-9b1a-5d2e6f7a8b9c',
    'CN=OMS Finance,OU=Groups,DC=acme,DC=com',
    'AKIA is the prefix of AWS access key ids',
    'https://user@erp.acme.example/api',
  ])('leaves %s alone', (text) => {
    expect(knownCredential(text)).toBeUndefined()
  })
})

describe('findCredentials', () => {
  it('finds every credential of a text in one pass, where it starts, masked', () => {
    const text = `key ${token('AKIA', 'IOSFODNN7EXAMPLE')} and url `
      + `${token('HTTPS://svc:', 'hunter2secret', '@erp.acme.example')} and ${token('npm_', 'a1B2'.repeat(9))}`

    const found = findCredentials(text)

    const rows = found.map(({ offset, length, what, masked }) => [offset, length, what, masked])
    expect(rows).toEqual([
      [4, 20, 'an AWS access key id', 'AKIA... (20 characters)'],
      [33, 27, 'a password inside a URL', 'HTTP... (27 characters)'],
      [80, 40, 'an npm token', 'npm_... (40 characters)'],
    ])
  })

  it('starts a URL at its scheme and wants a letter there', () => {
    expect(findCredentials(token('(x+ssh://git:', 'pw12345678@host)')).map(found => found.offset)).toEqual([1])
    expect(findCredentials(token('9://git:', 'pw12345678@host'))).toEqual([])
  })
})

describe('secret-like fields', () => {
  it.each(['password', 'clientSecret', 'api-token', 'apiKey', 'private_key', 'ACCESS_KEY', 'credentials', 'omsctl.dev/bearer'])(
    '%s is secret-like', (name) => {
      expect(isSecretLikeName(name)).toBe(true)
    },
  )

  it.each(['tokenUrl', 'keyId', 'tokenEnv', 'secretRef', 'signingSecretName', 'key', 'description', 'keyRotationDays'])(
    '%s is not', (name) => {
      expect(isSecretLikeName(name)).toBe(false)
    },
  )

  it('tells random text from words and references', () => {
    expect(entropy('aaaa')).toBe(0)
    expect(entropy('abcd')).toBe(2)
    expect(looksRandom('q8W#z1Lx!v93Rk2T', 3.5)).toBe(true)
    expect(looksRandom('changeme-please', 3.5)).toBe(false)
    expect(looksRandom('correct horse battery staple', 3.5)).toBe(false)
    expect(looksRandom('file:/run/secrets/avalara-license-key', 3.5)).toBe(false)
    expect(looksRandom('Zx9', 3.5)).toBe(false)
  })
})
