import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { join } from 'node:path'

import { UserError } from '../errors.js'

/**
 * Where the loader reads files from: the working tree, or a git revision (src/git). Paths are
 * relative to the project root, with forward slashes.
 */
export interface FileSource {
  /** What this source is, for messages: a folder or `git REV`. */
  readonly label: string
  /** Every YAML file under `dir`, sorted; hidden folders and node_modules are skipped. */
  listYaml(dir: string): Promise<string[]>
  read(path: string): Promise<Buffer | undefined>
  /** The folders directly in `dir` (symbolic links followed), undefined if `dir` is none. */
  subfolders?(dir: string): Promise<string[] | undefined>
}

export function workingTree(root: string): FileSource {
  return {
    label: root,
    listYaml: dir => Promise.resolve(listYamlFiles(root, dir)),
    read: path => new Promise(resolve => resolve(readOrUndefined(root, path))),
    subfolders: dir => Promise.resolve(listSubfolders(join(root, normalizeDir(dir)))),
  }
}

export function isYamlFile(path: string): boolean {
  return path.endsWith('.yaml') || path.endsWith('.yml')
}

/**
 * Symbolic links are followed, to files and to folders alike, as git checks them out; a
 * folder reached twice (a link to a parent, a loop) is read once. A link whose target is
 * missing is listed, so that reading it reports it.
 */
function listYamlFiles(root: string, dir: string): string[] {
  const found: string[] = []
  const visited = new Set<string>()
  const walk = (relative: string): void => {
    const absolute = join(root, relative)
    let entries
    try {
      const real = realpathSync(absolute)
      if (visited.has(real)) return

      visited.add(real)
      entries = readdirSync(absolute, { withFileTypes: true })
    } catch {
      // not a folder: `spec.documents` entries are checked with the project file
      return
    }

    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue

      const path = relative === '' || relative === '.' ? entry.name : `${relative}/${entry.name}`
      const type = entry.isSymbolicLink() ? linkTarget(join(root, path)) : entry
      if (type === 'dangling') {
        if (isYamlFile(entry.name)) found.push(path)
      } else if (type.isDirectory()) {
        walk(path)
      } else if (type.isFile() && isYamlFile(entry.name)) {
        found.push(path)
      }
    }
  }

  walk(normalizeDir(dir))
  return found.sort()
}

function linkTarget(path: string): { isDirectory(): boolean, isFile(): boolean } | 'dangling' {
  try {
    return statSync(path)
  } catch {
    return 'dangling'
  }
}

function listSubfolders(path: string): string[] | undefined {
  try {
    return readdirSync(path, { withFileTypes: true })
      .filter((entry) => {
        if (entry.isDirectory()) return true

        const target = entry.isSymbolicLink() ? linkTarget(join(path, entry.name)) : 'dangling'
        return target !== 'dangling' && target.isDirectory()
      })
      .map(entry => entry.name)
  } catch {
    return undefined
  }
}

export function normalizeDir(dir: string): string {
  const trimmed = dir.replace(/\\/g, '/').replace(/^\.\/?/, '').replace(/\/+$/, '')
  return trimmed === '' ? '.' : trimmed
}

function readOrUndefined(root: string, path: string): Buffer | undefined {
  const absolute = join(root, path)
  try {
    return readFileSync(absolute)
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException
    if ((code === 'ENOENT' || code === 'ELOOP') && isLink(absolute)) {
      throw new UserError(`${path} is a symbolic link to a file that does not exist (or a loop of links)`, {
        hint: 'point the link at an existing file, or remove it',
        code: 'file/dangling-link',
        cause: error,
      })
    }

    if (code === 'ENOENT') return undefined
    if (code === 'EISDIR') {
      throw new UserError(`${path} is a folder, not a file`, {
        hint: 'rename or remove the folder; the project file omsctl.yaml must be a YAML file',
        code: 'file/is-a-folder',
        cause: error,
      })
    }

    if (code === 'EACCES' || code === 'EPERM') {
      throw new UserError(`cannot read ${path}: permission denied`, {
        hint: 'make the file readable by the user running omsctl',
        code: 'file/no-permission',
        cause: error,
      })
    }

    throw error
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink()
  } catch {
    return false
  }
}
