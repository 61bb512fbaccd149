import { Args } from '@oclif/core'

import { BaseCommand, EXIT_CODES_HELP } from '../cli/base-command.js'

interface TargetRow {
  target: string
  apiUrl: string
  region: string | null
  /** The layer folders that build the target, lowest first. */
  layers: string[]
}

export default class Targets extends BaseCommand {
  static override summary = 'List every target (ENV/TENANT) with the layers that build it.'

  static override description = `A target is one environment of one tenant. Its desired state is the \
merge of the layers declared in omsctl.yaml, lowest first; this lists them as folders.

${EXIT_CODES_HELP}`

  static override examples = [
    { description: 'List the targets of the current repository', command: '<%= config.bin %> targets' },
    { description: 'As JSON', command: '<%= config.bin %> targets examples/acme --json' },
  ]

  static override args = {
    path: Args.string({ description: 'Settings repository (default: the one containing the current folder).' }),
  }

  async run(): Promise<{ targets: TargetRow[] }> {
    const { args } = await this.parse(Targets)
    const { assertProjectFileValid, findProjectRoot, loadProject } = await import('../load/load-project.js')
    const { declaredLayers, targetInstances } = await import('../resolve/layers.js')
    const { listTargets } = await import('../resolve/target.js')

    const root = await findProjectRoot(args.path ?? '.', args.path === undefined)
    const project = await loadProject(root, { only: () => false })
    assertProjectFileValid(project)
    const layers = declaredLayers(project.config)
    const targets = listTargets(project.config).map(target => ({
      target: target.name,
      apiUrl: target.environment.apiUrl,
      region: target.tenant.region ?? null,
      layers: targetInstances(layers, target).map(instance => instance.folder),
    }))

    if (!this.jsonEnabled()) {
      for (const row of targets) this.log(`${row.target.padEnd(28)} ${row.layers.join(' < ')}`)
    }

    return { targets }
  }
}
