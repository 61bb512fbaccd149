import { readFile } from 'node:fs/promises'
import path from 'node:path'

import { load } from 'js-yaml'

import { validateProjectFile } from '../check/schema.js'
import { UserError } from '../errors.js'
import { PROJECT_FILE } from '../load/load-project.js'
import type { ProjectConfig } from '../load/project-config.js'
import { type Target, parseTarget } from '../resolve/target.js'

/**
 * A target from omsctl.yaml alone: applying a reviewed plan, exporting and managing locks
 * need the environment's URL and token variable, not the documents.
 */
export async function targetFromProject(root: string, name: string | undefined): Promise<Target> {
  return parseTarget(await readProjectConfig(root), name)
}

/** omsctl.yaml, checked against its schema; documents are not read. */
export async function readProjectConfig(root: string): Promise<ProjectConfig> {
  const file = path.join(root, PROJECT_FILE)
  let config: unknown
  try {
    config = load(await readFile(file, 'utf8'))
  } catch (error) {
    throw new UserError(`Cannot read ${file}`, {
      code: 'no_project', hint: 'run `omsctl validate` for details', cause: error,
    })
  }

  const issues = validateProjectFile(config)
  const first = issues[0]
  if (first !== undefined) {
    throw new UserError(`${PROJECT_FILE} is invalid: ${first.message} at ${first.pointer || '/'}`, {
      code: 'invalid_config', hint: 'run `omsctl validate` to see every problem',
    })
  }

  return config as ProjectConfig
}
