import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

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
}

export function workingTree(root: string): FileSource {
  return {
    label: root,
    listYaml: dir => Promise.resolve(listYamlFiles(root, dir)),
    read: path => Promise.resolve(readOrUndefined(join(root, path))),
  }
}

export function isYamlFile(path: string): boolean {
  return path.endsWith('.yaml') || path.endsWith('.yml')
}

function listYamlFiles(root: string, dir: string): string[] {
  const found: string[] = []
  const walk = (relative: string): void => {
    let entries
    try {
      entries = readdirSync(join(root, relative), { withFileTypes: true })
    } catch {
      return
    }

    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue

      const path = relative === '' || relative === '.' ? entry.name : `${relative}/${entry.name}`
      if (entry.isDirectory()) walk(path)
      else if (entry.isFile() && isYamlFile(entry.name)) found.push(path)
    }
  }

  walk(normalizeDir(dir))
  return found.sort()
}

export function normalizeDir(dir: string): string {
  const trimmed = dir.replace(/\\/g, '/').replace(/^\.\/?/, '').replace(/\/+$/, '')
  return trimmed === '' ? '.' : trimmed
}

function readOrUndefined(path: string): Buffer | undefined {
  try {
    return readFileSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}
