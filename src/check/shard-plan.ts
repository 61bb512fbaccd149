import type { ProjectConfig } from '../load/project-config.js'
import { scopeOf } from '../resolve/affected.js'
import { listTargets, type Target } from '../resolve/target.js'

/**
 * One shard of a validate run: the targets it checks, and whether it also reads the files
 * that no target reads (so that exactly one shard reports files outside every layer).
 */
export interface ShardSpec {
  targets: string[]
  catchAll: boolean
}

/** Below this many settings files a worker thread costs more than it saves. */
export const SHARD_MIN_FILES = 3_000

/**
 * Splits targets into at most `count` shards by tenant: the targets of one tenant share its
 * layers, so keeping them together parses each tenant file in one shard only. Layers that
 * every tenant reads (global, regions) are parsed by every shard that needs them. Undefined
 * when there is nothing to split.
 */
export function planShards(
  targets: readonly Target[], count: number, full: boolean,
): ShardSpec[] | undefined {
  const byTenant = new Map<string, string[]>()
  for (const target of targets) {
    const group = byTenant.get(target.tenant.name)
    if (group) group.push(target.name)
    else byTenant.set(target.tenant.name, [target.name])
  }

  const shards = Array.from({ length: Math.min(count, byTenant.size) }, () => [] as string[])
  if (shards.length < 2) return undefined

  // contiguous runs of tenants, balanced by target count: the same split every run
  let placed = 0
  let shard = 0
  for (const group of byTenant.values()) {
    shards[shard]!.push(...group)
    placed += group.length
    if (placed >= (targets.length * (shard + 1)) / shards.length) {
      shard = Math.min(shard + 1, shards.length - 1)
    }
  }

  return shards.filter(list => list.length > 0)
    .map((list, index) => ({ targets: list, catchAll: full && index === 0 }))
}

/** What a shard reads: its targets' files, and for the catch-all every file no target reads. */
export function shardLoad(
  config: ProjectConfig, spec: ShardSpec,
): { only: (file: string) => boolean, folders?: string[] } {
  const wanted = new Set(spec.targets)
  const all = listTargets(config)
  const scope = scopeOf(config, all.filter(target => wanted.has(target.name)))
  if (!spec.catchAll) return { only: scope.reads, folders: scope.folders }

  // every folder is listed, as in a run of one shard
  const anyTarget = scopeOf(config, all)
  return { only: file => scope.reads(file) || !anyTarget.reads(file) }
}
