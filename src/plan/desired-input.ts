import type { ApiClient } from '../api/client.js'
import type { ClientFlags } from '../api/client-for.js'
import type { LoadedDocument } from '../load/document.js'
import { type Revision, describeRevision } from '../git/revision.js'
import type { Target } from '../resolve/target.js'

export interface DesiredOptions {
  /** Where to start looking for omsctl.yaml; default the current folder. */
  cwd?: string
  target?: string
  /** A git revision to read the repository at; default the working tree. */
  ref?: string
  /** --api-url and --request-timeout. */
  client: ClientFlags
  omsctlVersion: string
}

export interface DesiredInput {
  root: string
  target: Target
  desired: LoadedDocument[]
  revision: Revision
  ref: string | null
  client: ApiClient
}

/**
 * Everything plan and drift need before comparing: the project (working tree or `--ref`),
 * the target, its checked desired state, the git revision, and a client for its API. An
 * invalid repository stops here, before any request is made.
 */
export async function loadDesired(options: DesiredOptions): Promise<DesiredInput> {
  const { assertProjectFileValid, findProjectRoot, loadProject } = await import('../load/load-project.js')
  const { parseTarget } = await import('../resolve/target.js')
  const { desiredState } = await import('../check/desired-state.js')
  const { clientFor } = await import('../api/client-for.js')

  const root = await findProjectRoot(options.cwd ?? '.')
  const source = options.ref === undefined
    ? undefined
    : await (await import('../git/tree-source.js')).treeSource(root, options.ref)

  // git runs in its own processes while the project loads
  const revisionRead = describeRevision(root, options.ref)
  try {
    const project = await loadProject(root, {
      cache: source === undefined,
      version: options.omsctlVersion,
      ...(source === undefined ? {} : { source }),
    })
    assertProjectFileValid(project)
    const target = parseTarget(project.config, options.target)
    const desired = desiredState(project, target)
    project.commit()

    // only uncommitted changes that the plan includes are worth a warning
    const revision = await revisionRead
    const included = new Set([...project.files, 'omsctl.yaml'])
    revision.dirtyFiles = revision.dirtyFiles.filter(file => included.has(file))

    const client = clientFor(target, options.client, options.omsctlVersion)
    return { root, target, desired, revision, ref: options.ref ?? null, client }
  } finally {
    source?.close()
    await revisionRead.catch(() => undefined)
  }
}
