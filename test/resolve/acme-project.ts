import type { ProjectConfig } from '../../src/load/project-config.js'

/** The layout of examples/acme: global, regions, tenants and their environments. */
export const acmeProject: ProjectConfig = {
  apiVersion: 'omsctl.dev/v1',
  kind: 'Project',
  metadata: { name: 'acme' },
  spec: {
    layers: ['global', 'regions/{region}', 'tenants/{tenant}', 'tenants/{tenant}/{environment}'],
    environments: [
      { name: 'staging', apiUrl: 'http://x', tokenEnv: 'T' },
      { name: 'prod', apiUrl: 'http://y', tokenEnv: 'T' },
    ],
    tenants: [
      { name: 'acme-eu', region: 'eu' },
      { name: 'acme-fr', region: 'eu' },
      { name: 'acme-us', region: 'na' },
    ],
  },
}
