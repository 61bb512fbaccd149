import type { ProjectConfig } from '../load/project-config.js'
import { declaredLayers, targetInstances } from '../resolve/layers.js'
import type { Target } from '../resolve/target.js'

/**
 * Where an export goes by default, relative to the project root: the target's most specific
 * layer (for example tenants/acme-eu/prod), so that what is exported applies to that target
 * alone; without layers, the first documents folder.
 */
export function exportFolder(config: ProjectConfig, target: Target): string {
  if (!config.spec.layers) return config.spec.documents?.[0] ?? '.'

  return targetInstances(declaredLayers(config), target).at(-1)?.folder ?? '.'
}
