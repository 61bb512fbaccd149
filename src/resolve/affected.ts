import { PROJECT_FILE } from '../load/load-project.js'
import type { ProjectConfig } from '../load/project-config.js'
import { declaredLayers, knownValues, type LayerInstance, placeFile, targetInstances } from './layers.js'
import { listTargets, type Target } from './target.js'

export interface Scope {
  targets: Target[]
  /** The layer folders the targets read: listing them is enough. */
  folders: string[]
  /** True for a file that one of the targets reads. */
  reads: (file: string) => boolean
}

/**
 * Which targets a set of changed files can affect, and which files those targets read: a
 * global file affects every target, a region's file the tenants of that region, a tenant's
 * file that tenant. A changed project file affects everything.
 */
export function affectedScope(config: ProjectConfig, changed: readonly string[]): Scope {
  const layers = declaredLayers(config)
  const known = knownValues(config)
  const all = listTargets(config)
  if (changed.includes(PROJECT_FILE)) return scopeOf(config, all)

  const instances = changed.flatMap((file) => {
    const instance = placeFile(file, layers, known)
    return instance ? [instance] : []
  })
  const targets = all.filter(target => instances.some(instance => covers(instance, target)))
  return scopeOf(config, targets)
}

/** The files a set of targets reads. */
export function scopeOf(config: ProjectConfig, targets: Target[]): Scope {
  const layers = declaredLayers(config)
  const known = knownValues(config)
  const instances = targets.flatMap(target => targetInstances(layers, target))
  const keys = new Set(instances.map(key))
  return {
    targets,
    folders: [...new Set(instances.map(instance => instance.folder))],
    reads: (file) => {
      const instance = placeFile(file, layers, known)
      return instance !== undefined && keys.has(key(instance))
    },
  }
}

function covers(instance: LayerInstance, target: Target): boolean {
  const { values } = instance
  return (values.tenant === undefined || values.tenant === target.tenant.name)
    && (values.environment === undefined || values.environment === target.environment.name)
    && (values.region === undefined || values.region === target.tenant.region)
}

function key(instance: LayerInstance): string {
  return `${instance.layer.rank}:${instance.folder}`
}
