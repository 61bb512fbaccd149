import { Worker } from 'node:worker_threads'

import { loadProject } from '../load/load-project.js'
import type { ShardSpec } from './shard-plan.js'
import { shardLoad } from './shard-plan.js'
import { type LoadedShard, runShard, type ShardResult } from './validate-shard.js'

/** What every shard of a run shares: plain data, so that a worker thread can take it. */
export interface ShardBase {
  cache?: boolean
  version?: string
}

/** What the main thread and a shard's worker say to each other. */
export type ToWorker = { commit: boolean }
export type FromWorker
  = | { kind: 'result', result: ShardResult }
    | { kind: 'failed', message: string }
    | { kind: 'committed' }

export interface ShardedRun {
  results: ShardResult[]
  /** Once the merged run is judged: store every shard's parse cache if it is clean. */
  finish(valid: boolean): Promise<void>
}

/** One shard, in this thread: its own reading of the project file, its own cache segment. */
export async function runSpec(
  root: string, base: ShardBase, spec: ShardSpec, segment: string,
): Promise<LoadedShard> {
  const head = await loadProject(root, { ...base, cache: false, only: () => false, folders: [] })
  const load = shardLoad(head.config, spec)
  return runShard(root, {
    ...base, ...load, targets: spec.targets, everywhere: spec.catchAll, cacheSegment: segment,
  })
}

/**
 * Runs the first shard here and each other one on a worker thread, all at once. A worker
 * that fails for any reason has its shard run here instead: the result of a run never
 * depends on how it was split.
 */
export async function runShards(
  root: string, base: ShardBase, specs: readonly ShardSpec[],
): Promise<ShardedRun> {
  const segments = specs.map((_, index) => `${index + 1}-of-${specs.length}`)
  const workers = specs.slice(1)
    .map((spec, index) => new ShardWorker(root, base, spec, segments[index + 1]!))
  const here = [await runSpec(root, base, specs[0]!, segments[0]!)]
  const results = [here[0]!.result]

  for (const [index, worker] of workers.entries()) {
    const result = await worker.result()
    if (result) {
      results.push(result)
      continue
    }

    const fallback = await runSpec(root, base, specs[index + 1]!, segments[index + 1]!)
    here.push(fallback)
    results.push(fallback.result)
  }

  return {
    results,
    finish: async (valid) => {
      if (valid) for (const shard of here) shard.commit()
      await Promise.all(workers.map(worker => worker.finish(valid)))
    },
  }
}

/** A shard on a worker thread (shard-worker.ts), which keeps its parse cache until told. */
class ShardWorker {
  private readonly worker: Worker
  private readonly answer: Promise<ShardResult | undefined>
  private committed: Promise<void> | undefined
  private alive = true

  constructor(root: string, base: ShardBase, spec: ShardSpec, segment: string) {
    this.worker = new Worker(new URL('./shard-worker.js', import.meta.url), {
      workerData: { root, base, spec, segment },
    })
    this.worker.on('exit', () => {
      this.alive = false
    })
    this.answer = new Promise((resolve) => {
      this.worker.once('message', (message: FromWorker) => {
        resolve(message.kind === 'result' ? message.result : undefined)
      })
      this.worker.once('error', () => resolve(undefined))
      this.worker.once('exit', () => resolve(undefined))
    })
  }

  result(): Promise<ShardResult | undefined> {
    return this.answer
  }

  finish(valid: boolean): Promise<void> {
    this.committed ??= new Promise<void>((resolve) => {
      if (!this.alive) return resolve()

      this.worker.once('message', () => resolve())
      this.worker.once('exit', () => resolve())
      this.worker.postMessage({ commit: valid } satisfies ToWorker)
    }).then(() => this.worker.terminate()).then(() => undefined)
    return this.committed
  }
}
