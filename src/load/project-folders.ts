import type { Finding } from '../check/finding.js'
import { didYouMean } from '../check/did-you-mean.js'
import { type FileSource, normalizeDir } from './file-source.js'
import type { ProjectConfig } from './project-config.js'

/**
 * The folders `spec.documents` names that do not exist. Without this a typo
 * (`documents: [settingz]`) reads no document at all and passes as valid. Layer patterns are
 * not checked: a layer may rightly have no folder yet. A source that cannot list folders is
 * not asked.
 */
export async function missingFolderFindings(
  source: FileSource, config: ProjectConfig, file: string,
): Promise<Finding[]> {
  const { documents } = config.spec
  if (!source.subfolders || config.spec.layers || !documents) return []

  const findings: Finding[] = []
  for (const [index, entry] of documents.entries()) {
    const dir = normalizeDir(entry)
    if (dir === '.') continue

    const cut = dir.lastIndexOf('/')
    const parent = cut < 0 ? '.' : dir.slice(0, cut)
    const siblings = await source.subfolders(parent)
    if (siblings?.includes(dir.slice(cut + 1))) continue

    const suggestion = siblings && didYouMean(dir.slice(cut + 1), siblings)
    const prefix = parent === '.' ? '' : `${parent}/`
    findings.push({
      rule: 'project/missing-folder',
      severity: 'error',
      message: `no folder "${entry}" to read documents from`,
      hint: suggestion ? `did you mean "${prefix}${suggestion}"?` : 'create the folder or correct the path',
      source: { file, index: 0, line: 1 },
      pointer: `/spec/documents/${index}`,
    })
  }

  return findings
}
