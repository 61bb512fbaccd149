/** Realistic documents of three kinds: a plain one, a rich one, and one with a secret. */
export function role(name: string, permissions: string[] = ['orders:read']) {
  return {
    apiVersion: 'omsctl.dev/v1',
    kind: 'Role',
    metadata: { name, labels: { team: 'ops' } },
    spec: { description: `The ${name} role`, permissions },
  }
}

export function globalSettings(name = 'global', timezone = 'Europe/Berlin') {
  return {
    apiVersion: 'omsctl.dev/v1',
    kind: 'GlobalSettings',
    metadata: { name },
    spec: {
      timezone,
      currencies: { default: 'EUR', supported: ['EUR', 'USD'] },
      locales: { default: 'de-DE', supported: ['de-DE', 'en-GB'] },
      countries: ['DE', 'AT'],
      units: { weight: 'kg', dimension: 'cm' },
    },
  }
}

/** An Integration whose API key is a secret; `value` is what a client sends on writes. */
export function integration(name: string, value?: string, ref = 'env:ERP_API_KEY') {
  return {
    apiVersion: 'omsctl.dev/v1',
    kind: 'Integration',
    metadata: { name },
    spec: {
      type: 'erp',
      vendor: 'sap-s4hana',
      baseUrl: 'https://erp.example.com/api',
      auth: {
        type: 'api-key',
        header: 'X-Api-Key',
        key: value === undefined ? { secretRef: ref } : { secretRef: ref, value },
      },
      sync: { mode: 'realtime' },
      timeoutSeconds: 30,
      retry: { maxAttempts: 3, backoff: { strategy: 'exponential', initialSeconds: 1 } },
    },
  }
}

export const resources = (tenant: string) => `/v1/tenants/${tenant}/resources`
export const resource = (tenant: string, kind: string, name: string) =>
  `/v1/tenants/${tenant}/resources/${kind}/${name}`
