/** The project file, omsctl.yaml. Its schema is schemas/project.schema.json. */
export interface ProjectConfig {
  apiVersion: string
  kind: 'Project'
  metadata: { name: string }
  spec: {
    documents?: string[]
    /** Folder patterns, lowest first, with {region}, {tenant} and {environment}. */
    layers?: string[]
    owners?: { path: string, owners: string[] }[]
    environments?: { name: string, apiUrl: string, tokenEnv: string }[]
    tenants?: { name: string, region?: string, environments?: string[] }[]
  }
}

/** The folders documents are read from: each layer's path up to its first placeholder. */
export function documentFolders(config: ProjectConfig): string[] {
  if (!config.spec.layers) return config.spec.documents ?? ['.']

  return config.spec.layers.map((pattern) => {
    const fixed = (pattern.split('{')[0] ?? '').replace(/\\/g, '/').replace(/^\.\/?/, '').replace(/\/+$/, '')
    return fixed === '' ? '.' : fixed
  })
}
