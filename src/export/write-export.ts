import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { UserError } from '../errors.js'
import type { ExportedFile } from './export-live.js'
import type { ExportConflict } from './layer-export.js'

/**
 * Writes the exported files; an existing file is an error unless `force`, and the check
 * comes before the first write, so a refused export writes nothing.
 */
export async function writeExport(
  outDir: string, files: readonly ExportedFile[], force: boolean,
): Promise<string[]> {
  const targets = files.map(file => ({ file, absolute: path.resolve(outDir, file.path) }))

  if (!force) {
    const existing = targets
      .filter(target => existsSync(target.absolute))
      .map(target => target.file.path)
    if (existing.length > 0) {
      const more = existing.length > 5 ? `, and ${existing.length - 5} more` : ''
      const shown = existing.slice(0, 5).join(', ') + more
      throw new UserError(`Export would overwrite ${existing.length} file(s) in ${outDir}: ${shown}`, {
        code: 'export/exists',
        hint: 'export into an empty folder (--out DIR), or pass --force to overwrite',
      })
    }
  }

  const folders = new Set(targets.map(target => path.dirname(target.absolute)))
  for (const folder of folders) await mkdir(folder, { recursive: true })
  for (const target of targets) await writeFile(target.absolute, target.file.text)
  return targets.map(target => target.absolute)
}

/** Live resources that an export into the target's layer cannot bring into git as they are. */
export function conflictError(conflicts: readonly ExportConflict[], target: string): UserError {
  const lines = conflicts.slice(0, 20).map(conflict => `  ${conflict.id}: ${conflict.reason}`)
  const more = conflicts.length > 20 ? `\n  … and ${conflicts.length - 20} more` : ''
  return new UserError(
    `Nothing was exported: ${conflicts.length} live resource(s) of ${target} differ from git `
    + `in a way an override in the target's layer cannot express:\n${lines.join('\n')}${more}`,
    {
      code: 'export/conflict',
      hint: 'change them in git to match live (`omsctl drift` shows each field), or export a '
        + 'complete copy into an empty folder with --out DIR',
    },
  )
}
