// The wire forms of the kinds that hold secrets, derived from their kind schemas: in git a
// secret is `{secretRef}`; a write sends `{secretRef, value}` and a read returns
// `{secretRef, fingerprint}`. schemas/openapi.yaml refers to these files, so the contract
// describes those bodies field by field and a validator of it catches a value in a response.
// scripts/build-api-validators.js writes them at every build; test/server/wire-schemas.test.ts
// fails when the committed files are stale.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'

const schemaDir = new URL('../schemas/', import.meta.url)
const SECRET_REF = '../common.schema.json#/$defs/secretRef'
const WIRE_SECRET = '#/$defs/wireSecret'

const reference = {
  $ref: `${SECRET_REF}/properties/secretRef`,
  description: 'The reference from git: env:NAME or file:PATH.',
}

/** The secret's own shape in each direction. */
const FORMS = {
  write: {
    title: 'write',
    secret: {
      title: 'SecretWrite',
      description: 'A secret as a write sends it: the reference and the value resolved at '
        + 'apply. Without a value the server keeps the one it holds for this field, if the '
        + 'reference is unchanged.',
      type: 'object',
      properties: {
        secretRef: reference,
        value: { description: 'The secret value; stored encrypted, never returned.', type: 'string', minLength: 1 },
      },
      required: ['secretRef'],
      additionalProperties: false,
    },
  },
  read: {
    title: 'read',
    secret: {
      title: 'SecretRead',
      description: 'A secret as a read returns it: the reference and a fingerprint of the '
        + 'value, never the value.',
      type: 'object',
      properties: {
        secretRef: reference,
        fingerprint: {
          description: 'hmac-sha256:<salt, base64url>:<hex HMAC-SHA256 of the value keyed by the salt>.',
          type: 'string',
          pattern: '^hmac-sha256:[A-Za-z0-9_-]+:[0-9a-f]{64}$',
        },
      },
      required: ['secretRef', 'fingerprint'],
      additionalProperties: false,
    },
  },
}

/** File name (under schemas/) to schema, for every kind schema that refers to a secret. */
export function wireSchemas() {
  const files = {}
  const kindFiles = readdirSync(new URL('kinds/', schemaDir))
    .filter(name => name.endsWith('.schema.json')).sort()
  for (const name of kindFiles) {
    const kind = JSON.parse(readFileSync(new URL(`kinds/${name}`, schemaDir), 'utf8'))
    if (!holdsSecret(kind)) continue

    const base = name.replace(/\.schema\.json$/, '')
    for (const [direction, form] of Object.entries(FORMS)) {
      const file = `wire/${base}-${direction}.schema.json`
      files[file] = wireForm(kind, `kinds/${name}`, file, form)
    }
  }

  return files
}

export function writeWireSchemas() {
  const files = wireSchemas()
  mkdirSync(new URL('wire/', schemaDir), { recursive: true })
  for (const [file, schema] of Object.entries(files)) {
    writeFileSync(new URL(file, schemaDir), wireSchemaText(schema))
  }

  return Object.keys(files).length
}

/** The committed text of a wire schema. */
export function wireSchemaText(schema) {
  return `${JSON.stringify(schema, null, 2)}\n`
}

function holdsSecret(schema) {
  return JSON.stringify(schema).includes(`"${SECRET_REF}"`)
}

/**
 * The kind schema with every secret reference swapped for the wire secret. The files sit in
 * schemas/wire/, as deep as schemas/kinds/, so their relative references to the common
 * schema resolve as before; references of any other form would not, and stop the build.
 * Examples are left out: they show the git form.
 */
function wireForm(kind, kindFile, file, form) {
  const { examples: _examples, $defs, ...rest } = kind
  const body = swapSecrets({ ...rest, $defs: { ...$defs, wireSecret: form.secret } }, file)
  return {
    ...body,
    $id: `https://omsctl.dev/schemas/${file}`,
    title: `${kind.title} (${form.title})`,
    description: `${kind.description} The API's ${form.title} form, generated from ${kindFile} `
      + `by scripts/wire-schemas.js: every secret is a ${form.secret.title}.`,
  }
}

function swapSecrets(value, file) {
  if (Array.isArray(value)) return value.map(item => swapSecrets(item, file))
  if (value === null || typeof value !== 'object') return value

  const out = {}
  for (const [key, item] of Object.entries(value)) {
    if (key === '$ref' && typeof item === 'string') {
      out[key] = refInWire(item, file)
      continue
    }

    out[key] = swapSecrets(item, file)
  }

  return out
}

function refInWire(ref, file) {
  if (ref === SECRET_REF) return WIRE_SECRET
  if (ref.startsWith('#') || ref.startsWith('../common.schema.json#')) return ref

  throw new Error(`${file}: cannot carry the reference ${ref} over to the wire form`)
}
