import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

import { toProblems } from '../check/finding.js'
import { compareProblems, type Problem } from '../check/problem.js'
import { validateProjectFile } from '../check/schema.js'
import { UserError } from '../errors.js'
import { decode } from './decode.js'
import { type FileSource, normalizeDir, workingTree } from './file-source.js'
import { Locator } from './locate.js'
import { ParseCache } from './parse-cache.js'
import { missingFolderFindings } from './project-folders.js'
import { type ParsedFile, parseFile } from './parse-file.js'
import { documentFolders, type ProjectConfig } from './project-config.js'
import type { RawDocument } from './raw-document.js'

export const PROJECT_FILE = 'omsctl.yaml'

export interface LoadedProject {
  root: string
  source: FileSource
  config: ProjectConfig
  /** Every parsed document; none is checked yet. */
  documents: RawDocument[]
  /** Problems of the project file, of syntax and of hostile input. */
  problems: Problem[]
  /** The files read. */
  files: string[]
  /** Every document file the layers hold, read or not. */
  listed: string[]
  /** Positions on demand, for the checks that come after loading. */
  locator: Locator
  /** The text of a file read (the project file too), as parsed: no BOM, LF line ends. */
  text(file: string): string | undefined
  /** Call once the run is known to be clean: stores the parse cache. */
  commit(): void
}

export interface LoadOptions {
  source?: FileSource
  /** Reuse parses of unchanged files (working tree only). */
  cache?: boolean
  version?: string
  /** Read only the files this accepts (the layers a partial run needs). */
  only?: (file: string) => boolean
  /** List only these folders instead of every layer's (with `only`, for partial runs). */
  folders?: string[]
  /** Whether a missing `spec.documents` folder is a problem: not for export, which makes it. */
  requireFolders?: boolean
}

/**
 * The folder holding omsctl.yaml: `start` itself when the user named it, else the nearest
 * one at or above `start`, as git finds its repository.
 */
export function findProjectRoot(start: string, walkUp = true): Promise<string> {
  let dir = resolve(start)
  for (;;) {
    if (existsSync(join(dir, PROJECT_FILE))) return Promise.resolve(dir)

    const parent = dirname(dir)
    if (parent === dir || !walkUp) {
      const where = walkUp ? `${resolve(start)} or any parent folder` : resolve(start)
      return Promise.reject(new UserError(`no ${PROJECT_FILE} in ${where}`, {
        hint: 'run omsctl in a settings repository, pass its path, or create one with `omsctl init`',
        code: 'no_project',
      }))
    }

    dir = parent
  }
}

export async function loadProject(root: string, options: LoadOptions = {}): Promise<LoadedProject> {
  const source = options.source ?? workingTree(root)
  // decoded once: for positions of problems, and for the rules that read a file's text
  const texts = new Map<string, string>()
  const locator = new Locator(file => texts.get(file))
  const cache = options.cache && !options.source
    ? ParseCache.open(root, options.version ?? '0')
    : ParseCache.disabled()

  // project file
  const projectBytes = await source.read(PROJECT_FILE)
  if (!projectBytes) {
    throw new UserError(`${PROJECT_FILE} not found in ${source.label}`, { code: 'no_project' })
  }

  const project = parseBytes(PROJECT_FILE, projectBytes, texts)
  const problems = [...project.problems]
  const findings = [...project.findings]
  const projectValue = project.documents[0]?.value ?? {}
  if (project.problems.length === 0 && project.findings.length === 0) {
    for (const issue of validateProjectFile(projectValue)) {
      const { pointer, ...rest } = issue
      findings.push({ ...rest, severity: 'error', pointer, source: { file: PROJECT_FILE, index: 0, line: 1 } })
    }
  }

  const config = projectValue as unknown as ProjectConfig
  if (problems.length === 0 && findings.length === 0 && options.requireFolders !== false) {
    findings.push(...await missingFolderFindings(source, config, PROJECT_FILE))
  }

  const projectValid = problems.length === 0 && findings.length === 0

  // documents
  const folders = options.folders ?? (projectValid ? documentFolders(config) : [])
  const listed = projectValid ? await listFiles(source, folders) : []
  const files = options.only ? listed.filter(options.only) : listed
  const documents: RawDocument[] = []
  for (const file of files) {
    const bytes = await source.read(file)
    if (!bytes) continue

    const hash = cache.enabled ? ParseCache.hash(bytes) : ''
    let parsed = cache.get(file, hash)
    if (parsed) {
      const { text } = decode(file, bytes)
      if (text !== undefined) texts.set(file, text)
    } else {
      parsed = parseBytes(file, bytes, texts)
      cache.set(file, hash, parsed)
    }

    problems.push(...parsed.problems)
    findings.push(...parsed.findings)
    for (const document of parsed.documents) {
      documents.push({
        source: { file, index: document.index, line: document.line },
        value: document.value as Record<string, unknown>,
      })
    }
  }

  problems.push(...toProblems(findings, locator))
  problems.sort(compareProblems)
  return {
    root, source, config, documents, problems, files, listed, locator,
    text: file => texts.get(file),
    commit: () => cache.save(listed, options.folders === undefined),
  }
}

/** Commands that need a target cannot go on from a broken project file; validate reports it. */
export function assertProjectFileValid(project: LoadedProject): void {
  const first = project.problems.find(problem => problem.file === PROJECT_FILE)
  if (!first) return

  throw new UserError(`${PROJECT_FILE}:${first.line}:${first.column} ${first.message} (${first.rule})`, {
    hint: 'fix the project file; `omsctl validate` lists every problem',
    code: 'invalid_project',
  })
}

function parseBytes(file: string, bytes: Uint8Array, texts: Map<string, string>): ParsedFile {
  const decoded = decode(file, bytes)
  if (decoded.problem) return { documents: [], problems: [decoded.problem], findings: [] }

  texts.set(file, decoded.text)
  return parseFile(file, decoded.text)
}

async function listFiles(source: FileSource, dirs: readonly string[]): Promise<string[]> {
  const files = new Set<string>()
  for (const dir of dirs) {
    for (const file of await source.listYaml(normalizeDir(dir))) {
      if (file !== PROJECT_FILE) files.add(file)
    }
  }

  return [...files].sort()
}
