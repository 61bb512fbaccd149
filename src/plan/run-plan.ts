import { randomUUID } from 'node:crypto'

import { listResources } from '../api/tenant-api.js'
import { availableSecrets } from '../secrets/resolve-secret.js'
import { computePlan, desiredDigest } from './compute-plan.js'
import type { DesiredInput } from './desired-input.js'
import { registryGraph } from './kind-graph.js'
import { PLAN_FORMAT, PLAN_FORMAT_VERSION, type Plan } from './plan-types.js'

export interface PlanFlags {
  prune: boolean
  allowDeleteProtected: boolean
  omsctlVersion: string
  env?: NodeJS.ProcessEnv
}

/**
 * Reads live state (the bulk list only), resolves the secrets available here to compare
 * fingerprints, and computes the plan with its metadata.
 */
export async function runPlan(input: DesiredInput, flags: PlanFlags): Promise<Plan> {
  const live = await listResources(input.client, input.target.tenant.name)
  const secrets = availableSecrets({ env: flags.env ?? process.env, root: input.root })

  const body = computePlan({
    desired: input.desired,
    live,
    secrets,
    prune: flags.prune,
    allowDeleteProtected: flags.allowDeleteProtected,
    graph: registryGraph(),
  })

  return {
    format: PLAN_FORMAT,
    formatVersion: PLAN_FORMAT_VERSION,
    planId: randomUUID(),
    createdAt: new Date().toISOString(),
    omsctlVersion: flags.omsctlVersion,
    target: {
      name: input.target.name,
      environment: input.target.environment.name,
      tenant: input.target.tenant.name,
    },
    git: {
      commit: input.revision.commit,
      author: input.revision.author,
      ref: input.ref,
      dirtyFiles: input.revision.dirtyFiles,
    },
    desiredDigest: desiredDigest(input.desired),
    options: { prune: flags.prune, allowDeleteProtected: flags.allowDeleteProtected },
    ...body,
  }
}
