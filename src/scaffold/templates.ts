/** Texts of the files `omsctl init` writes besides the documents. */

export function projectFile(name: string, tenant: string): string {
  return `# yaml-language-server: $schema=schemas/project.schema.json
apiVersion: omsctl.dev/v1
kind: Project
metadata:
  name: ${name}
spec:
  # Folders scanned for settings documents (*.yaml, *.yml).
  documents: [settings]
  environments:
    - name: staging
      apiUrl: http://127.0.0.1:8750
      tokenEnv: OMSCTL_STAGING_TOKEN
    - name: prod
      apiUrl: https://oms.example.com/admin
      tokenEnv: OMSCTL_PROD_TOKEN
  tenants:
    - name: ${tenant}
      region: eu
`
}

export const gitignore = `# omsctl's local cache and reference-server data
.omsctl/
# saved plans are reviewed in CI, not committed
plan.json
`

export const vscodeSettings = `${JSON.stringify({
  'yaml.schemas': {
    './schemas/project.schema.json': 'omsctl.yaml',
    './schemas/document.schema.json': 'settings/**/*.yaml',
  },
  'yaml.customTags': [],
  'yaml.validate': true,
}, null, 2)}
`

export const vscodeExtensions = `${JSON.stringify({ recommendations: ['redhat.vscode-yaml'] }, null, 2)}
`

export const githubWorkflow = `name: omsctl
on:
  push:
    branches: [main]
  pull_request:

jobs:
  validate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Validate settings
        run: npx --yes omsctl validate --format github
`
