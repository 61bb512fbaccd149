import { UserError } from '../errors.js'
import type { ProjectConfig } from '../load/project-config.js'
import { didYouMean } from '../check/did-you-mean.js'

/** One environment of one tenant: what plan, apply and drift work on. */
export interface Target {
  /** `ENV/TENANT` */
  name: string
  environment: { name: string, apiUrl: string, tokenEnv: string }
  tenant: { name: string, region?: string }
}

export function listTargets(config: ProjectConfig): Target[] {
  const targets: Target[] = []
  for (const environment of config.spec.environments ?? []) {
    for (const tenant of config.spec.tenants ?? []) {
      if (tenant.environments && !tenant.environments.includes(environment.name)) continue

      targets.push({ name: `${environment.name}/${tenant.name}`, environment, tenant })
    }
  }

  return targets
}

/** The target named by `--target`, else by OMSCTL_TARGET. */
export function parseTarget(config: ProjectConfig, name: string | undefined): Target {
  const wanted = name ?? process.env.OMSCTL_TARGET
  const targets = listTargets(config)
  const names = targets.map(target => target.name)
  if (!wanted) {
    throw new UserError('no target given', {
      hint: `pass --target ENV/TENANT or set OMSCTL_TARGET; targets: ${names.join(', ') || 'none'}`,
      code: 'no_target',
    })
  }

  const target = targets.find(candidate => candidate.name === wanted)
  if (!target) {
    const suggestion = didYouMean(wanted, names)
    throw new UserError(`unknown target "${wanted}"`, {
      hint: suggestion ? `did you mean "${suggestion}"?` : `targets: ${names.join(', ') || 'none'}`,
      code: 'unknown_target',
    })
  }

  return target
}
