import { Args, Flags } from '@oclif/core'
import { cpSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'

import { BaseCommand, EXIT_CODES_HELP } from '../cli/base-command.js'
import { schemasDir } from '../cli/package-files.js'
import { fileSystemError, UserError } from '../errors.js'

interface SchemaFile {
  file: string
  title: string
  id: string
}

export default class Schema extends BaseCommand {
  static override summary = 'Print or write the JSON Schemas, for editors and other tools.'

  static override description = `Without arguments, lists the schemas: one per kind, the project file, \
the canonical order, and document.schema.json, which picks the right kind schema for any document. \
With a kind, prints that kind's schema. With --out, writes them all to a folder, keeping their \
relative references, so that yaml-language-server (VS Code's YAML extension and others) completes \
and checks settings as you type.

${EXIT_CODES_HELP}`

  static override examples = [
    { description: 'List the schemas', command: '<%= config.bin %> schema' },
    { description: 'Print the schema of one kind', command: '<%= config.bin %> schema Webhook' },
    { description: 'Write them for editors', command: '<%= config.bin %> schema --out schemas' },
  ]

  static override args = {
    kind: Args.string({ description: 'Kind whose schema to print, for example OrderLifecycle.' }),
  }

  static override flags = {
    out: Flags.directory({ description: 'Folder to write every schema to.' }),
  }

  async run(): Promise<{ schemas: SchemaFile[], out?: string }> {
    const { args, flags } = await this.parse(Schema)
    const schemas = listSchemas()

    if (args.kind) {
      const found = schemas.find(schema => schema.title === args.kind)
      if (!found) {
        const { didYouMean } = await import('../check/did-you-mean.js')
        const kinds = schemas.filter(schema => schema.file.startsWith('kinds/')).map(schema => schema.title)
        const suggestion = didYouMean(args.kind, kinds)
        throw new UserError(`no schema for kind "${args.kind}"`, {
          hint: `${suggestion ? `did you mean "${suggestion}"? ` : ''}kinds: ${kinds.join(', ')}`,
          code: 'unknown_kind',
        })
      }

      if (!this.jsonEnabled()) this.log(readFileSync(join(schemasDir, found.file), 'utf8').trimEnd())
      return { schemas: [found] }
    }

    if (flags.out) {
      const out = resolve(flags.out)
      try {
        mkdirSync(out, { recursive: true })
        cpSync(schemasDir, out, { recursive: true, filter: source => !source.endsWith('openapi.yaml') })
      } catch (error) {
        throw fileSystemError(error, 'write the schemas to', relative('.', out) || '.') ?? error
      }
      if (!this.jsonEnabled()) this.log(`wrote ${schemas.length} schemas to ${relative('.', out) || '.'}`)
      return { schemas, out }
    }

    if (!this.jsonEnabled()) {
      for (const schema of schemas) this.log(`${schema.file.padEnd(42)} ${schema.title}`)
    }

    return { schemas }
  }
}

function listSchemas(): SchemaFile[] {
  const files = readdirSync(schemasDir, { recursive: true, encoding: 'utf8' })
    .filter(file => file.endsWith('.schema.json'))
    .map(file => file.replace(/\\/g, '/'))
    .sort()

  return files.map((file) => {
    const schema = JSON.parse(readFileSync(join(schemasDir, file), 'utf8')) as { title?: string, $id?: string }
    return { file, title: schema.title ?? file, id: schema.$id ?? '' }
  })
}
