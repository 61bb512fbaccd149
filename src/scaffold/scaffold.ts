import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { stringify } from 'yaml'

import { schemasDir } from '../cli/package-files.js'
import {
  githubWorkflow, gitignore, packageFile, projectFile, vscodeExtensions, vscodeSettings,
} from './templates.js'

export interface ScaffoldOptions {
  name: string
  tenant: string
  /** The npm dependency spec CI installs omsctl from (package.json). */
  omsctl: string
}

/**
 * Writes a new settings repository: the project file, one document per kind taken from the
 * example in that kind's schema (so defaults live in one place), the schemas and the editor
 * and CI settings that use them. Returns the files written, relative to `dir`.
 */
export function scaffold(dir: string, options: ScaffoldOptions): string[] {
  const files = new Map<string, string>()
  files.set('omsctl.yaml', projectFile(options.name, options.tenant))
  files.set('package.json', packageFile(options.name, options.omsctl))
  files.set('.gitignore', gitignore)
  files.set('.vscode/settings.json', vscodeSettings)
  files.set('.vscode/extensions.json', vscodeExtensions)
  files.set('.github/workflows/omsctl.yml', githubWorkflow)

  for (const { file, examples } of kindExamples()) {
    const header = `# yaml-language-server: $schema=../schemas/kinds/${file}\n`
    const documents = examples.map(example => stringify(example, { lineWidth: 100 })).join('---\n')
    files.set(`settings/${file.replace('.schema.json', '.yaml')}`, header + documents)
  }

  for (const [path, content] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), content)
  }

  cpSync(schemasDir, join(dir, 'schemas'), {
    recursive: true,
    filter: source => !source.endsWith('openapi.yaml') && !source.endsWith('-output.schema.json'),
  })

  return [...files.keys(), 'schemas/']
}

/** The examples of every kind's schema; together they form one coherent configuration. */
function kindExamples(): { file: string, examples: unknown[] }[] {
  const kindsDir = join(schemasDir, 'kinds')
  return readdirSync(kindsDir).filter(file => file.endsWith('.schema.json')).sort().map((file) => {
    const schema = JSON.parse(readFileSync(join(kindsDir, file), 'utf8')) as { examples?: unknown[] }
    return { file, examples: schema.examples ?? [] }
  })
}
