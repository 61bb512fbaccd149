import { validateResource } from '../check/schema.js'
import { takeSecrets } from './secrets.js'
import type { IncomingSecret } from './secrets.js'
import type { ResourceKey } from './storage/storage.js'

/** One reason a request body is refused with 422, located by JSON pointer. */
export interface InputProblem {
  pointer: string
  message: string
  rule?: string
}

export interface ResourceInput {
  /** Git form: every secret as `{secretRef}`. */
  resource: Record<string, unknown>
  secrets: IncomingSecret[]
}

/**
 * Checks one written resource against its kind's schema, the same schema `omsctl validate`
 * uses, after taking the secret values out (the schemas describe the git form). `at` is
 * the resource's pointer in the request body, so problems point into what was sent.
 */
export function readResource(
  body: unknown, at: string, expected: Partial<ResourceKey>, problems: InputProblem[],
): ResourceInput | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    problems.push({ pointer: at, message: 'must be a resource object' })
    return undefined
  }

  const { stripped, secrets, problems: secretProblems } = takeSecrets(body)
  const found = problems.length
  for (const problem of secretProblems) {
    problems.push({ pointer: `${at}${problem.pointer}`, message: problem.message })
  }

  for (const issue of validateResource(stripped)) {
    problems.push({ pointer: `${at}${issue.pointer}`, message: issue.message, rule: issue.rule })
  }

  const resource = stripped as Record<string, unknown>
  const metadata = resource.metadata as { name?: unknown } | undefined
  if (expected.kind !== undefined && resource.kind !== expected.kind) {
    problems.push({ pointer: `${at}/kind`, message: `must be ${expected.kind}, as in the request` })
  }

  if (expected.name !== undefined && metadata?.name !== expected.name) {
    problems.push({
      pointer: `${at}/metadata/name`, message: `must be ${expected.name}, as in the request`,
    })
  }

  return problems.length === found ? { resource, secrets } : undefined
}
