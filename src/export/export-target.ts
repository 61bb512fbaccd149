import type { LiveResource } from '../api/live-resource.js'
import { desiredState } from '../check/desired-state.js'
import { UserError } from '../errors.js'
import { type FileSource, workingTree } from '../load/file-source.js'
import { type LoadedProject, assertProjectFileValid, loadProject } from '../load/load-project.js'
import { rawId } from '../load/raw-document.js'
import { computePlan } from '../plan/compute-plan.js'
import { registryGraph } from '../plan/kind-graph.js'
import { declaredLayers, knownValues, placeFile, targetInstances } from '../resolve/layers.js'
import type { Target } from '../resolve/target.js'
import { exportFolder } from './export-folder.js'
import { type LayerExport, exportIntoLayer } from './layer-export.js'

export interface TargetExport extends LayerExport {
  /** The target's own layer folder, relative to the project root. */
  folder: string
}

/**
 * Exports live into the target's own layer, then proves the promise of an export before
 * anything is written: the repository with the new files, loaded and checked as plan loads
 * it, plans no changes against the same live state. What does not is a conflict.
 */
export async function exportTarget(
  root: string, target: Target, live: readonly LiveResource[],
): Promise<TargetExport> {
  // the folder export writes into may not exist yet
  const project = await loadProject(root, { requireFolders: false })
  assertProjectFileValid(project)
  const folder = exportFolder(project.config, target)
  const desired = desiredState(project, target)

  const exported = exportIntoLayer(live, {
    desired, inTargetLayer: targetLayerIds(project, target),
  }, target.name)
  if (exported.conflicts.length > 0 || exported.files.length === 0) {
    return { ...exported, folder }
  }

  const unmatched = await stillDiffers(root, target, live, folder, exported)
  if (unmatched.length === 0) return { ...exported, folder }

  const conflicts = unmatched.map(id => ({
    id, reason: 'the layers do not merge an override to the live value (a list merged by key?)',
  }))
  return { ...exported, conflicts, folder }
}

/** Where the target's most specific layer defines each resource. */
function targetLayerIds(
  project: LoadedProject, target: Target,
): Map<string, { file: string, line: number }> {
  const layers = declaredLayers(project.config)
  const known = knownValues(project.config)
  const top = targetInstances(layers, target).at(-1)
  const found = new Map<string, { file: string, line: number }>()
  if (top === undefined) return found

  for (const document of project.documents) {
    const instance = placeFile(document.source.file, layers, known)
    const id = rawId(document)
    if (id === undefined || instance?.layer.rank !== top.layer.rank) continue
    if (instance.folder !== top.folder) continue

    found.set(id, { file: document.source.file, line: document.source.line })
  }

  return found
}

/** The ids that a plan of the repository with the exported files would still change. */
async function stillDiffers(
  root: string, target: Target, live: readonly LiveResource[], folder: string,
  exported: LayerExport,
): Promise<string[]> {
  const added = new Map(exported.files.map(file =>
    [folder === '.' ? file.path : `${folder}/${file.path}`, Buffer.from(file.text)]))
  const project = await loadProject(root, {
    source: withFiles(workingTree(root), added), requireFolders: false,
  })

  let desired
  try {
    desired = desiredState(project, target)
  } catch (error) {
    if (!(error instanceof UserError)) throw error
    throw new UserError(`The exported settings would not validate: ${error.message}`, {
      code: 'export/invalid',
      hint: 'live holds a value the repository rejects; fix it live, or export a complete '
        + 'copy into an empty folder with --out DIR to inspect it',
      cause: error,
    })
  }

  const plan = computePlan({
    desired, live, secrets: { get: () => undefined }, prune: false, allowDeleteProtected: false,
    graph: registryGraph(),
  })
  // resources in git but not live are not the export's business; a secret without a live
  // reference gets a placeholder name, and only its value could match
  const liveIds = new Set(live.map(resource => `${resource.kind}/${resource.metadata.name}`))
  return plan.changes
    .filter(change => liveIds.has(change.id) && change.op === 'update')
    .filter(change => change.fields.some(field =>
      !change.secrets.some(secret => secret.path === field.path)))
    .map(change => change.id)
}

/** The working tree as it will be once the exported files are written. */
function withFiles(base: FileSource, added: ReadonlyMap<string, Buffer>): FileSource {
  return {
    label: base.label,
    listYaml: async (dir) => {
      const listed = new Set(await base.listYaml(dir))
      for (const file of added.keys()) {
        if (dir === '.' || file.startsWith(`${dir}/`)) listed.add(file)
      }

      return [...listed].sort()
    },
    read: async file => added.get(file) ?? base.read(file),
  }
}
