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
node_modules/
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

/**
 * The repository's own package.json: it pins the omsctl that CI runs, so that CI never
 * fetches whatever happens to carry the name at run time (`npx --yes omsctl` would). `source`
 * is an npm dependency spec: an exact version, a git URL with a commit, or a tarball URL.
 */
export function packageFile(name: string, source: string): string {
  return `${JSON.stringify({
    name,
    private: true,
    description: 'OMS administration settings, checked and applied with omsctl',
    scripts: { validate: 'omsctl validate' },
    devDependencies: { omsctl: source },
  }, null, 2)}
`
}

/**
 * Installs exactly what package.json (and package-lock.json, once committed) pins, then runs
 * that omsctl; `npx --no` refuses to download a package of the same name instead.
 */
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
      - name: Install the pinned omsctl
        run: if [ -f package-lock.json ]; then npm ci; else npm install --no-audit --no-fund; fi
      - name: Validate settings
        run: npx --no omsctl validate --format github
`
