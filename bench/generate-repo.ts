import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { stringify } from 'yaml'

interface Example {
  kind: string
  metadata: { name: string, labels?: object, annotations?: object }
  [key: string]: unknown
}

/** One complete, coherent tenant: the example of every kind, which reference each other. */
function tenantBundle(): Example[] {
  const dir = join(import.meta.dirname, '..', 'schemas', 'kinds')
  return readdirSync(dir).filter(file => file.endsWith('.schema.json')).sort().flatMap((file) => {
    const schema = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { examples: Example[] }
    return schema.examples
  })
}

/**
 * The governance metadata real repositories carry on every document (owners, tickets,
 * selectors): it brings the schema examples (about 30 lines) to the 40 lines of a realistic
 * document without changing what they configure.
 */
function governed(document: Example, tenant: string): Example {
  return {
    ...document,
    metadata: {
      ...document.metadata,
      labels: {
        ...document.metadata.labels,
        'oms.example.com/tenant': tenant,
        'oms.example.com/team': 'order-platform',
        'tier': 'critical',
        'region': 'eu',
        'cost-center': 'cc-4100',
      },
      annotations: {
        ...document.metadata.annotations,
        'oms.example.com/owner': 'order-platform@example.com',
        'oms.example.com/change-ticket': `OPS-${tenant.slice(2)}`,
        'description': `${document.kind} ${document.metadata.name} of tenant ${tenant}, reviewed quarterly.`,
      },
    },
  }
}

/**
 * A settings repository of about `count` realistic documents (about 40 lines each): one
 * tenant layer per bundle of every kind's example, one document per file, so that ajv-cli,
 * which reads one document per file, validates exactly the same files.
 */
export function generateRepo(dir: string, count: number): { documents: number, tenants: number } {
  rmSync(dir, { recursive: true, force: true })
  const bundle = tenantBundle()
  const tenants = Math.max(1, Math.round(count / bundle.length))
  for (let t = 0; t < tenants; t++) {
    const tenant = `t-${String(t).padStart(5, '0')}`
    const folder = join(dir, 'tenants', tenant)
    mkdirSync(folder, { recursive: true })
    for (const document of bundle) {
      // YAML 1.1 quoting keeps dates strings for ajv-cli's YAML 1.1 parser too.
      const text = stringify(governed(document, tenant), { lineWidth: 100, version: '1.1' })
      writeFileSync(join(folder, `${document.kind.toLowerCase()}-${document.metadata.name}.yaml`), text)
    }
  }

  const list = Array.from({ length: tenants }, (_, t) => `    - {name: t-${String(t).padStart(5, '0')}, region: eu}`)
  writeFileSync(join(dir, 'omsctl.yaml'), `apiVersion: omsctl.dev/v1
kind: Project
metadata:
  name: bench
spec:
  layers: ['tenants/{tenant}']
  environments:
    - {name: prod, apiUrl: 'http://127.0.0.1:1', tokenEnv: OMSCTL_PROD_TOKEN}
  tenants:
${list.join('\n')}
`)
  return { documents: tenants * bundle.length, tenants }
}
