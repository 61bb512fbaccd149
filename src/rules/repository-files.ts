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

/**
 * The text of each of the repository's files, one at a time, listed only when first asked
 * for. A file that is gone, too large or not UTF-8 is skipped: the loader reports it when it
 * is a layer file, and no rule can read it anyway.
 */
export async function* repositoryTexts(
  source: FileSource,
  listed: readonly string[],
  everywhere: boolean,
): AsyncGenerator<FileText> {
  for (const file of await repositoryFiles(source, listed, everywhere)) {
    const bytes = await source.read(file)
    if (!bytes) continue

    const { text } = decode(file, bytes)
    if (text !== undefined) yield { file, text }
  }
}
