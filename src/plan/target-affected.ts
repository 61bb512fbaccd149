import { changedFiles } from '../git/changed-files.js'
import { assertProjectFileValid, findProjectRoot, loadProject } from '../load/load-project.js'
import { affectedScope } from '../resolve/affected.js'
import { parseTarget } from '../resolve/target.js'

export interface TargetAffected {
  /** `ENV/TENANT`. */
  target: string
  changedSince: string
  /** Files changed since the revision, relative to the project root. */
  changedFiles: number
  affected: boolean
}

/**
 * Whether any file changed since `ref` can change a target's desired state: a pull request
 * that touches one tenant need not plan the others. Reads only the project file and git,
 * so that CI can ask it of every target cheaply.
 */
export async function targetAffected(
  cwd: string, targetName: string | undefined, ref: string,
): Promise<TargetAffected> {
  const root = await findProjectRoot(cwd)
  const head = await loadProject(root, { only: () => false, folders: [] })
  assertProjectFileValid(head)
  const target = parseTarget(head.config, targetName)
  const changed = await changedFiles(root, ref)
  const scope = affectedScope(head.config, changed)
  return {
    target: target.name,
    changedSince: ref,
    changedFiles: changed.length,
    affected: scope.targets.some(affected => affected.name === target.name),
  }
}
