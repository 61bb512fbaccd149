import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { stringify } from 'yaml'

interface Example {
  kind: string
  metadata: { name: string }
  [key: string]: unknown
}

function kindExamples(): Example[] {
  const dir = join(import.meta.dirname, '..', 'schemas', 'kinds')
  return readdirSync(dir).filter(file => file.endsWith('.schema.json')).sort().map((file) => {
    const schema = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { examples: Example[] }
    return schema.examples[0]!
  })
}

/**
 * A settings repository of `count` realistic documents (the kinds' schema examples, renamed),
 * one per file in folders of 500, so that ajv-cli, which reads one document per file, can
 * validate exactly the same files.
 */
export function generateRepo(dir: string, count: number): { files: string[], lines: number } {
  rmSync(dir, { recursive: true, force: true })
  const examples = kindExamples()
  const files: string[] = []
  let lines = 0
  for (let i = 0; i < count; i++) {
    const example = examples[i % examples.length]!
    const document = { ...example, metadata: { ...example.metadata, name: `${example.metadata.name.slice(0, 50)}-${i}` } }
    const folder = join(dir, 'settings', `part-${String(Math.floor(i / 500)).padStart(3, '0')}`)
    if (i % 500 === 0) mkdirSync(folder, { recursive: true })

    const text = stringify(document, { lineWidth: 100 })
    lines += text.split('\n').length - 1
    const file = join(folder, `${example.kind.toLowerCase()}-${i}.yaml`)
    writeFileSync(file, text)
    files.push(file)
  }

  writeFileSync(join(dir, 'omsctl.yaml'), `apiVersion: omsctl.dev/v1
kind: Project
metadata:
  name: bench
spec:
  documents: [settings]
  environments:
    - name: prod
      apiUrl: http://127.0.0.1:1
      tokenEnv: OMSCTL_PROD_TOKEN
  tenants:
    - name: bench
`)
  return { files, lines }
}
