// The in-process floor for validating a repository: read every file, parse it with the
// fastest YAML parser, run the precompiled validators. No CLI, no positions, no output.
// Prints the milliseconds the work took (start-up excluded) and the documents seen.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import jsYaml from 'js-yaml'

import * as validators from '../dist/generated/validators.js'

const root = process.argv[2]
const started = performance.now()
let documents = 0
let invalid = 0
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) walk(path)
    else if (entry.name.endsWith('.yaml')) {
      jsYaml.loadAll(readFileSync(path, 'utf8'), (value) => {
        documents++
        if (!validators[value.kind](value)) invalid++
      }, { schema: jsYaml.CORE_SCHEMA })
    }
  }
}

walk(join(root, 'tenants'))
console.log(JSON.stringify({ ms: performance.now() - started, documents, invalid }))
