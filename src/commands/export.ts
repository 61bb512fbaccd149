import path from 'node:path'

import { Flags } from '@oclif/core'

import { targetFlags } from '../api/target-flags.js'
import { BaseCommand, EXIT_CODES_HELP } from '../cli/base-command.js'

interface ExportResult {
  target: string
  outDir: string
  resources: number
  files: string[]
  secrets: { id: string, path: string, ref: string }[]
}

export default class Export extends BaseCommand {
  static override summary = 'Write the live settings of a target as YAML documents.'

  static override description = `Reads every live resource of the target (bulk list) and writes one \
document per resource, in a folder per kind (for example roles/order-manager.yaml), under --out \
(default: the target's most specific layer, such as tenants/acme-eu/prod, or the first \
documents folder of a project without layers). Secrets are written as references \
({secretRef: env:NAME}) with the name the server recorded, never as values. Planning the \
exported documents against the same target shows no changes: the first step of bringing an \
existing OMS under git. Existing files are not overwritten without --force.

${EXIT_CODES_HELP}`

  static override examples = [
    { description: 'Baseline a production tenant into a new repository', command: '<%= config.bin %> export --target prod/acme-eu --out settings' },
    { description: 'Refresh an export', command: '<%= config.bin %> export -t prod/acme-eu --out exported --force' },
  ]

  static override flags = {
    ...targetFlags,
    out: Flags.string({ char: 'o', description: 'Folder to write to (default: the target\'s most specific layer).' }),
    force: Flags.boolean({ description: 'Overwrite files that already exist.', default: false }),
  }

  async run(): Promise<ExportResult> {
    const { flags } = await this.parse(Export)
    const { findProjectRoot } = await import('../load/load-project.js')
    const { readProjectConfig } = await import('../api/project-target.js')
    const { parseTarget } = await import('../resolve/target.js')
    const { clientFor } = await import('../api/client-for.js')
    const { listResources } = await import('../api/tenant-api.js')
    const { exportLive } = await import('../export/export-live.js')
    const { writeExport } = await import('../export/write-export.js')
    const { exportFolder } = await import('../export/export-folder.js')

    const root = await findProjectRoot('.')
    const config = await readProjectConfig(root)
    const target = parseTarget(config, flags.target)
    const outDir = path.resolve(flags.out ?? path.join(root, exportFolder(config, target)))

    const client = clientFor(target, flags, this.config.version)
    const live = await listResources(client, target.tenant.name)
    const exported = exportLive(live, target.name)
    const files = await writeExport(outDir, exported.files, flags.force)

    const result = {
      target: target.name, outDir, resources: live.length, files, secrets: exported.secrets,
    }
    if (this.jsonEnabled()) return result

    this.log(`Exported ${live.length} resource(s) of ${target.name} to ${outDir}.`)
    const refs = [...new Set(exported.secrets.map(secret => secret.ref))]
    if (refs.length > 0) {
      this.log(`Secrets are references; provide them where omsctl applies: ${refs.join(', ')}`)
    }

    return result
  }
}
