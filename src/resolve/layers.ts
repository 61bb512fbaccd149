import type { ProjectConfig } from '../load/project-config.js'
import type { Target } from './target.js'

/** The values a layer's path can depend on. */
export type Placeholder = 'region' | 'tenant' | 'environment'

export interface Layer {
  /** Position from the lowest (0); higher layers win. */
  rank: number
  /** The path pattern from omsctl.yaml, such as `tenants/{tenant}`. */
  pattern: string
  placeholders: Placeholder[]
  matcher: RegExp
}

/** One folder of one layer, such as `tenants/acme-eu` of the layer `tenants/{tenant}`. */
export interface LayerInstance {
  layer: Layer
  /** The folder, such as `tenants/acme-eu`; for a layer without placeholders, its pattern. */
  folder: string
  values: Partial<Record<Placeholder, string>>
}

const placeholderPattern = /\{(region|tenant|environment)\}/g

/**
 * The layers a project declares, lowest first. Without `layers`, every document is in one
 * layer that every target shares.
 */
export function declaredLayers(config: ProjectConfig): Layer[] {
  const patterns = config.spec.layers ?? ['.']
  return patterns.map((raw, rank) => {
    const pattern = normalize(raw)
    const placeholders = [...pattern.matchAll(placeholderPattern)]
      .map(match => match[1] as Placeholder)
    const source = pattern
      .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
      .replace(placeholderPattern, (_, key: string) => `(?<${key}>[^/]+)`)
    const matcher = new RegExp(pattern === '.' ? '^' : `^${source}/`)
    return { rank, pattern, placeholders, matcher }
  })
}

/**
 * The layer instance a file belongs to: of all the layers whose folder holds the file, the
 * one whose folder is deepest, counting only placeholder values the project knows (so that
 * `tenants/acme/rbac/x.yaml` is the tenant layer's, not an environment called "rbac").
 */
export function placeFile(
  file: string,
  layers: readonly Layer[],
  known: KnownValues,
): LayerInstance | undefined {
  let best: { instance: LayerInstance, depth: number } | undefined
  for (const layer of layers) {
    const match = layer.pattern === '.' ? undefined : layer.matcher.exec(file)
    if (!match && layer.pattern !== '.') continue

    const values = (match?.groups ?? {}) as Partial<Record<Placeholder, string>>
    const isKnown = ([key, value]: [string, string]): boolean =>
      known[key as Placeholder].has(value)
    if (!Object.entries(values).every(isKnown)) continue

    const depth = layer.pattern === '.' ? 0 : match![0].length
    const deeper = !best || depth > best.depth
      || (depth === best.depth && layer.rank > best.instance.layer.rank)
    if (deeper) {
      best = { instance: { layer, folder: instanceFolder(layer, values), values }, depth }
    }
  }

  return best?.instance
}

export interface KnownValues {
  region: ReadonlySet<string>
  tenant: ReadonlySet<string>
  environment: ReadonlySet<string>
}

export function knownValues(config: ProjectConfig): KnownValues {
  const tenants = config.spec.tenants ?? []
  return {
    region: new Set(tenants.flatMap(tenant => (tenant.region ? [tenant.region] : []))),
    tenant: new Set(tenants.map(tenant => tenant.name)),
    environment: new Set((config.spec.environments ?? []).map(environment => environment.name)),
  }
}

/** The folder of `layer` for the given values, for messages and for listing files. */
export function instanceFolder(layer: Layer, values: Partial<Record<Placeholder, string>>): string {
  return layer.pattern.replace(placeholderPattern, (_, key: Placeholder) => values[key] ?? `{${key}}`)
}

function normalize(pattern: string): string {
  const trimmed = pattern.replace(/\\/g, '/').replace(/^\.\/?/, '').replace(/\/+$/, '')
  return trimmed === '' ? '.' : trimmed
}

/** The layer instances a target is made of, lowest first, skipping layers it has no value for. */
export function targetInstances(layers: readonly Layer[], target: Target): LayerInstance[] {
  const values: Partial<Record<Placeholder, string>> = {
    tenant: target.tenant.name,
    environment: target.environment.name,
    ...(target.tenant.region === undefined ? {} : { region: target.tenant.region }),
  }
  return layers
    .filter(layer => layer.placeholders.every(placeholder => values[placeholder] !== undefined))
    .map(layer => ({
      layer,
      folder: instanceFolder(layer, values),
      values: pick(values, layer.placeholders),
    }))
}

type Values = Partial<Record<Placeholder, string>>

function pick(values: Values, keys: readonly Placeholder[]): Values {
  return Object.fromEntries(keys.map(key => [key, values[key]]))
}
