import { describe, expect, it } from 'vitest'

import { isSecretRef, withoutSecretValues } from '../../src/model/secret-ref.js'

describe('secret references', () => {
  it('are objects whose only key is secretRef', () => {
    expect(isSecretRef({ secretRef: 'env:ERP_CLIENT_SECRET' })).toBe(true)
    expect(isSecretRef({ secretRef: 'env:X', value: 'v' })).toBe(false)
    expect(isSecretRef({ secretRef: 7 })).toBe(false)
    expect(isSecretRef(['secretRef'])).toBe(false)
    expect(isSecretRef(null)).toBe(false)
  })

  it('lose their write-time values, sharing every untouched branch', () => {
    const untouched = { retry: { maxAttempts: 3 } }
    const body = {
      spec: { auth: { key: { secretRef: 'env:K', value: 'plain' } }, other: untouched },
      list: [{ secretRef: 'file:/run/secrets/x', value: 'p' }],
    }

    const stripped = withoutSecretValues(body) as typeof body

    expect(stripped).toEqual({
      spec: { auth: { key: { secretRef: 'env:K' } }, other: untouched },
      list: [{ secretRef: 'file:/run/secrets/x' }],
    })
    expect(stripped.spec.other).toBe(untouched)
    expect(body.spec.auth.key.value).toBe('plain')
    expect(withoutSecretValues(untouched)).toBe(untouched)
  })
})
