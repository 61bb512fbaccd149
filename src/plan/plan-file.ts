import { randomUUID } from 'node:crypto'
import { readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { UserError } from '../errors.js'
import { planFile } from '../generated/plan-file.js'
import { PLAN_FORMAT, PLAN_FORMAT_VERSION, type Plan } from './plan-types.js'

/**
 * Writes a plan atomically (a reader never sees half a file). A plan holds references, not
 * secret values; the check here is a last guard against a bug putting one in.
 */
export async function writePlanFile(file: string, plan: Plan): Promise<void> {
  assertNoSecretValues(plan)

  const text = `${JSON.stringify(plan, null, 2)}\n`
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`)
  await writeFile(temporary, text, { mode: 0o600 })
  await rename(temporary, file)
}

/** Reads a saved plan and checks it against schemas/plan.schema.json and this omsctl's format. */
export async function readPlanFile(file: string): Promise<Plan> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new UserError(`Cannot read plan file ${file}`, {
      code: 'plan/unreadable',
      hint: 'give the path of a file written by `omsctl plan --out`',
      cause: error,
    })
  }

  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw notAPlan(file, 'it is not JSON')
  }

  return checkPlan(file, value)
}

function checkPlan(file: string, value: unknown): Plan {
  if (typeof value !== 'object' || value === null) throw notAPlan(file, 'it is not an object')

  const plan = value as Partial<Plan>
  if (plan.format !== PLAN_FORMAT) throw notAPlan(file, `format is not ${PLAN_FORMAT}`)
  if (plan.formatVersion !== PLAN_FORMAT_VERSION) {
    throw new UserError(
      `Plan ${file} has format version ${String(plan.formatVersion)}; this omsctl applies `
      + `version ${PLAN_FORMAT_VERSION}`,
      { code: 'plan/version', hint: 'plan again with this version of omsctl' },
    )
  }

  if (!planFile(plan)) {
    const shown = (planFile.errors ?? []).slice(0, 3)
      .map(error => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`)
    throw notAPlan(file, `${shown.join('; ')} (schemas/plan.schema.json)`)
  }

  return plan as Plan
}

function notAPlan(file: string, why: string): UserError {
  return new UserError(`${file} is not an omsctl plan: ${why}`, {
    code: 'plan/invalid',
    hint: 'give the path of a file written by `omsctl plan --out`, unedited',
  })
}

/** A secret-bearing field must hold only `{secretRef}`; anything beside it is a leak. */
function assertNoSecretValues(plan: Plan): void {
  for (const change of plan.changes) {
    if (containsSecretValue(change.desired) || containsSecretValue(change.live)) {
      throw new Error(`refusing to write a plan with a secret value in ${change.id}`)
    }
  }
}

function containsSecretValue(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(containsSecretValue)
  if (typeof value !== 'object' || value === null) return false

  const record = value as Record<string, unknown>
  if (typeof record.secretRef === 'string' && Object.keys(record).length > 1) return true
  return Object.values(record).some(containsSecretValue)
}
