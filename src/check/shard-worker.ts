// One shard of a validate run on a worker thread (run-shards.ts): it sends its result, then
// waits to hear whether the whole run was clean before it stores its parse cache.
import { parentPort, workerData } from 'node:worker_threads'

import { type FromWorker, runSpec, type ShardBase, type ToWorker } from './run-shards.js'
import type { ShardSpec } from './shard-plan.js'

interface ShardData {
  root: string
  base: ShardBase
  spec: ShardSpec
  segment: string
}

const { root, base, spec, segment } = workerData as ShardData
const port = parentPort!

try {
  const shard = await runSpec(root, base, spec, segment)
  port.once('message', (message: ToWorker) => {
    if (message.commit) shard.commit()
    port.postMessage({ kind: 'committed' } satisfies FromWorker)
  })
  port.postMessage({ kind: 'result', result: shard.result } satisfies FromWorker)
} catch (error) {
  const message = error instanceof Error ? error.message : String(error)
  port.once('message', () => port.postMessage({ kind: 'committed' } satisfies FromWorker))
  port.postMessage({ kind: 'failed', message } satisfies FromWorker)
}
