import { decode } from '../load/decode.js'
import type { FileSource } from '../load/file-source.js'

/** The project file, which every run reads. */
const PROJECT_FILE = 'omsctl.yaml'

/** A file's text as the loader decodes it (no BOM, LF line ends). */
export interface FileText {
  file: string
  text: string
}

/**
 * The YAML files the file rules read: the project file and every listed layer file, and in
 * a full run every other YAML file under the project root too (hidden folders and
 * node_modules aside, as everywhere). A narrowed run reads only what it lists.
 */
export async function repositoryFiles(
  source: FileSource,
  listed: readonly string[],
  everywhere: boolean,
): Promise<string[]> {
  const files = new Set([PROJECT_FILE, ...listed])
  if (everywhere) {
    for (const file of await source.listYaml('.')) files.add(file)
  }

  return [...files].sort()
}

/** What the file rules need of a loaded project: the files it read, and their text. */
export interface ReadFiles {
  source: FileSource
  /** The files read, without the project file. */
  files: readonly string[]
  /** Every file the listed folders hold, read or not. */
  listed: readonly string[]
  text(file: string): string | undefined
}

/**
 * The text of each file the run read, as the loader decoded it, and with `everywhere` also
 * of every YAML file outside the listed folders, read here. Files listed but not read belong
 * to another part of the run and are left to it. A file that is gone, too large or not UTF-8
 * is skipped: the loader reports it when it is a layer file, and no rule can read it anyway.
 */
export async function* repositoryTexts(
  project: ReadFiles,
  everywhere: boolean,
): AsyncGenerator<FileText> {
  for (const file of [PROJECT_FILE, ...project.files]) {
    const text = project.text(file)
    if (text !== undefined) yield { file, text }
  }

  if (!everywhere) return

  const listed = new Set([PROJECT_FILE, ...project.listed])
  for (const file of await project.source.listYaml('.')) {
    if (listed.has(file)) continue

    const bytes = await project.source.read(file)
    const text = bytes === undefined ? undefined : decode(file, bytes).text
    if (text !== undefined) yield { file, text }
  }
}
