import path from 'node:path'

import { Flags } from '@oclif/core'

import { targetFlags } from '../api/target-flags.js'
import { BaseCommand, EXIT_CODES_HELP } from '../cli/base-command.js'

interface ExportResult {
  target: string
  outDir: string
  /** `layer`: only what the layers lack, into the target's layer; `snapshot`: all, into --out. */
  mode: 'layer' | 'snapshot'
  resources: number
  files: string[]
  created: string[]
  overridden: string[]
  inGit: string[]
  secrets: { id: string, path: string, ref: string }[]
}

export default class Export extends BaseCommand {
  static override summary = 'Write the live settings of a target as YAML documents.'

  static override description = `Reads every live resource of the target (bulk list) and brings it \
under git, the way terraform import does: into the target's own layer (such as \
tenants/acme-eu/staging; the first documents folder without layers), writing only what the \
layers do not already produce. A resource git lacks is written whole, one file per resource in \
a folder per kind (roles/order-manager.yaml). A resource a lower layer defines differently \
gets an override in the target's layer holding only the fields that differ. A resource the \
layers produce exactly is left alone. Before writing, export checks that planning the \
repository with the new files against the same target shows no changes.

Export never edits a file you wrote. It refuses, writing nothing and naming each resource, \
when live differs from a resource the target's own layer already defines, when live lacks a \
field a lower layer sets (an override cannot remove it), or when the field is locked: fix \
those in git first (omsctl drift shows the fields), or export a complete copy with --out.

--out DIR writes every live resource whole into DIR, a snapshot for a new repository or a \
baseline audit, without looking at the layers. Secrets are written as references \
({secretRef: env:NAME}) with the name the server recorded, never as values. Existing files \
are not overwritten without --force.

${EXIT_CODES_HELP}`

  static override examples = [
    { description: 'Bring what was changed live into the target\'s layer', command: '<%= config.bin %> export --target staging/acme-eu' },
    { description: 'Baseline a production tenant into a new repository', command: '<%= config.bin %> export --target prod/acme-eu --out settings' },
    { description: 'Refresh a snapshot', command: '<%= config.bin %> export -t prod/acme-eu --out exported --force' },
  ]

  static override flags = {
    ...targetFlags,
    out: Flags.string({ char: 'o', description: 'Write every live resource whole into this folder, ignoring the layers.' }),
    force: Flags.boolean({ description: 'Overwrite files that already exist.', default: false }),
  }

  async run(): Promise<ExportResult> {
    const { flags } = await this.parse(Export)
    const { findProjectRoot } = await import('../load/load-project.js')
    const { readProjectConfig } = await import('../api/project-target.js')
    const { parseTarget } = await import('../resolve/target.js')
    const { clientFor } = await import('../api/client-for.js')
    const { listResources } = await import('../api/tenant-api.js')
    const { writeExport } = await import('../export/write-export.js')

    const root = await findProjectRoot('.')
    const config = await readProjectConfig(root)
    const target = parseTarget(config, flags.target)
    const client = clientFor(target, flags, this.config.version)
    const live = await listResources(client, target.tenant.name)

    let result: ExportResult
    if (flags.out === undefined) {
      const { exportTarget } = await import('../export/export-target.js')
      const { conflictError } = await import('../export/write-export.js')
      const exported = await exportTarget(root, target, live)
      if (exported.conflicts.length > 0) throw conflictError(exported.conflicts, target.name)

      const outDir = path.resolve(root, exported.folder)
      const files = await writeExport(outDir, exported.files, flags.force)
      result = {
        target: target.name, outDir, mode: 'layer', resources: live.length, files,
        created: exported.created, overridden: exported.overridden, inGit: exported.inGit,
        secrets: exported.secrets,
      }
    } else {
      const { exportLive } = await import('../export/export-live.js')
      const outDir = path.resolve(flags.out)
      const exported = exportLive(live, target.name)
      const files = await writeExport(outDir, exported.files, flags.force)
      const ids = live.map(resource => `${resource.kind}/${resource.metadata.name}`)
      result = {
        target: target.name, outDir, mode: 'snapshot', resources: live.length, files,
        created: ids, overridden: [], inGit: [], secrets: exported.secrets,
      }
    }

    if (this.jsonEnabled()) return result

    this.log(summary(result, root))
    const refs = [...new Set(result.secrets.map(secret => secret.ref))]
    if (refs.length > 0) {
      this.log(`Secrets are references; provide them where omsctl applies: ${refs.join(', ')}`)
    }

    return result
  }
}

function summary(result: ExportResult, root: string): string {
  const where = path.relative(root, result.outDir) || '.'
  if (result.mode === 'snapshot') {
    return `Exported ${result.resources} resource(s) of ${result.target} to ${result.outDir}.`
  }

  if (result.files.length === 0) {
    return `Nothing to export: the layers already produce all ${result.inGit.length} live `
      + `resource(s) of ${result.target}.`
  }

  return `Exported ${result.files.length} of ${result.resources} live resource(s) of `
    + `${result.target} into ${where}: ${result.created.length} new, `
    + `${result.overridden.length} as overrides of lower layers; ${result.inGit.length} `
    + 'already in git were left alone.'
}
