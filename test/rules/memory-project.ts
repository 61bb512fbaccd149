import { type ValidateOptions, validateProjectRun, type ValidationRun } from '../../src/check/validate-project.js'
import type { FileSource } from '../../src/load/file-source.js'

/** A one-target project file; `rules` is written under spec.rules when given. */
export function projectFile(rules = ''): string {
  return `apiVersion: omsctl.dev/v1
kind: Project
metadata:
  name: example
spec:
  documents: [settings]
  environments:
    - name: prod
      apiUrl: https://oms.example.com/admin
      tokenEnv: OMSCTL_PROD_TOKEN
  tenants:
    - name: acme
      region: eu
${rules}`
}

/** Files held in memory, as the loader reads a working tree or a git revision. */
export function memorySource(files: Readonly<Record<string, string>>): FileSource {
  return {
    label: 'memory',
    listYaml: dir => Promise.resolve(Object.keys(files)
      .filter(file => file !== 'omsctl.yaml' && (dir === '.' || file.startsWith(`${dir}/`)))
      .sort()),
    read: (path) => {
      const text = Object.hasOwn(files, path) ? files[path] : undefined
      return Promise.resolve(text === undefined ? undefined : Buffer.from(text))
    },
  }
}

/** `validate` on a repository of one settings file, in process. */
export function validateFiles(
  files: Readonly<Record<string, string>>,
  options: ValidateOptions = {},
): Promise<ValidationRun> {
  return validateProjectRun('/memory', { ...options, source: memorySource(files) })
}

export function validateDocuments(documents: string, rules = ''): Promise<ValidationRun> {
  return validateFiles({ 'omsctl.yaml': projectFile(rules), 'settings/example.yaml': documents })
}
