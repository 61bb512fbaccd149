import type { Finding } from '../check/finding.js'
import type { ProjectConfig } from '../load/project-config.js'
import { effectiveOrigin } from './origin.js'
import type { ResolvedDocument } from './resolver.js'

/**
 * omsctl.yaml decides a tenant's region, and with it which region layer its targets merge; a
 * Tenant document that names another region would be sent to the OMS as the truth while
 * the tenant is built from the other region's settings. Reported at the line of the region.
 */
export function tenantRegionFinding(
  resolved: ResolvedDocument,
  config: ProjectConfig,
  mergeKeys: ReadonlyMap<string, string>,
): Finding | undefined {
  const name = (resolved.value.metadata as Record<string, unknown> | undefined)?.name
  const region = (resolved.value.spec as Record<string, unknown> | undefined)?.region
  const tenant = config.spec.tenants?.find(candidate => candidate.name === name)
  const declared = tenant?.region
  if (!tenant || declared === undefined || typeof region !== 'string' || region === declared) {
    return undefined
  }

  const origin = effectiveOrigin(resolved, '/spec/region', mergeKeys)
  return {
    rule: 'layer/tenant-region',
    severity: 'error',
    message: `Tenant ${tenant.name} says region "${region}", but omsctl.yaml puts it in `
      + `region "${declared}", which decides the region layer its targets merge`,
    hint: `set spec.region: ${declared} here, or move the tenant to region ${region} in omsctl.yaml`,
    source: origin.contribution.document.source,
    pointer: origin.pointer,
    resource: resolved.id,
  }
}
