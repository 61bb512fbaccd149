// The first thing a newcomer runs (`npm run demo`): the whole main job of omsctl against the
// reference server on a throwaway SQLite file, with nothing to set up. Runs the built CLI.
import { spawn } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = fileURLToPath(new URL('..', import.meta.url))
const bin = path.join(repo, 'bin', 'run.js')
const project = path.join(repo, 'examples', 'acme')
const target = 'staging/acme-eu'
const tenant = 'acme-eu'
const colour = process.stdout.isTTY && !process.env.NO_COLOR
const bold = text => (colour ? `\u001B[1m${text}\u001B[22m` : text)
const dim = text => (colour ? `\u001B[2m${text}\u001B[22m` : text)

let step = 0
function heading(text) {
  step++
  process.stdout.write(`\n${bold(`${step}. ${text}`)}\n`)
}

/** Runs the CLI, shows the command and its output indented, and returns what it printed. */
function omsctl(args, { env = {}, cwd = project, show = true, expect = [0] } = {}) {
  if (show) process.stdout.write(dim(`   $ omsctl ${args.join(' ')}\n`))
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd,
      env: { ...process.env, ...(colour ? { FORCE_COLOR: '1' } : { NO_COLOR: '1' }), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    child.on('close', (code) => {
      if (show) {
        const text = `${stdout}${stderr}`.trimEnd()
        if (text) process.stdout.write(`${text.replace(/^/gm, '   ')}\n`)
      }

      if (expect.includes(code)) resolve(stdout)
      else reject(new Error(`omsctl ${args.join(' ')} exited with ${code}\n${stderr}`))
    })
  })
}

/**
 * Demo values for the secret references the plan needs (env:NAME); in real use they come
 * from a vault or the CI's secret store, and the plan itself never holds them.
 */
async function demoSecrets(env) {
  const plan = JSON.parse(await omsctl(['plan', '--target', target, '--json'], { env, show: false }))
  const values = {}
  for (const change of plan.changes) {
    for (const secret of change.secrets) {
      if (secret.ref.startsWith('env:')) values[secret.ref.slice(4)] = `demo-${secret.ref.slice(4).toLowerCase()}`
    }
  }

  return values
}

/** A first plan of a whole repository is long; the start and the summary tell the story. */
function showShortened(command, output, keep) {
  const lines = output.trimEnd().split('\n')
  process.stdout.write(dim(`   $ omsctl ${command}\n`))
  for (const line of lines.slice(0, keep)) process.stdout.write(`   ${line}\n`)
  if (lines.length > keep + 1) process.stdout.write(dim(`   … ${lines.length - keep - 1} more lines …\n`))
  process.stdout.write(`   ${lines.at(-1)}\n`)
}

function startServer(db) {
  const child = spawn(process.execPath, [bin, 'server', '--port', '0', '--db', db, '--log-level', 'warn'], {
    env: { ...process.env, OMSCTL_SERVER_KEY: randomBytes(32).toString('base64') },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let errors = ''
  child.stderr.on('data', (chunk) => {
    errors += chunk
  })
  const url = new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (chunk) => {
      out += chunk
      const match = /listening on (http:\/\/\S+)/.exec(out)
      if (match) resolve(match[1])
    })
    child.on('exit', code => reject(new Error(`the server exited with ${code}\n${errors}`)))
  })
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
  return { url, stop }
}

/** What a colleague does in the OMS admin screen: raise the escalation time of a policy. */
async function changeInAdminUi(url, token) {
  const resource = `${url}/v1/tenants/${tenant}/resources/ApprovalPolicy/high-value-orders`
  const headers = { authorization: `Bearer ${token}` }
  const live = await (await fetch(resource, { headers })).json()
  const spec = { ...live.spec, escalation: { ...live.spec.escalation, afterHours: 48 } }
  const response = await fetch(resource, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/json', 'if-match': `"${live.version}"`, 'idempotency-key': randomUUID() },
    body: JSON.stringify({
      apiVersion: live.apiVersion, kind: live.kind, metadata: live.metadata, spec,
    }),
  })
  if (!response.ok) throw new Error(`the admin change failed: ${response.status} ${await response.text()}`)
}

async function main() {
  if (!existsSync(path.join(repo, 'dist', 'commands'))) {
    throw new Error('omsctl is not built; run `npm run build` first (npm run demo does)')
  }

  const dir = await mkdtemp(path.join(tmpdir(), 'omsctl-demo-'))
  const db = path.join(dir, 'oms.db')
  process.stdout.write(bold('omsctl demo') + dim(` — settings as code for an OMS, against the reference API on ${db}\n`))

  heading('Start the reference OMS Admin API on a temporary SQLite file')
  const server = startServer(db)
  try {
    const url = await server.url
    process.stdout.write(`   listening on ${url}\n`)

    heading('Create two API tokens: the release pipeline, and a colleague using the admin UI')
    const token = (await omsctl(['server', 'token', 'create', '--role', 'apply', '--tenant', tenant, '--name', 'release-pipeline', '--db', db], { show: false })).trim()
    const colleague = (await omsctl(['server', 'token', 'create', '--role', 'apply', '--tenant', tenant, '--name', 'maria.schmidt', '--db', db], { show: false })).trim()
    process.stdout.write('   release-pipeline (apply, acme-eu) and maria.schmidt (apply, acme-eu)\n')

    const env = { OMSCTL_API_URL: url, OMSCTL_STAGING_TOKEN: token }

    heading('Validate the settings repository examples/acme')
    await omsctl(['validate'], { env })

    heading('A tenant tries to shorten the locked audit retention: validation fails')
    await omsctl(['validate', '../broken/locked-retention'], { env, expect: [1] })

    heading(`Plan ${target}: everything is new`)
    Object.assign(env, await demoSecrets(env))
    const planned = await omsctl(['plan', '--target', target], { env, show: false })
    showShortened(`plan --target ${target}`, planned, 24)

    heading('Apply it as one atomic changeset')
    const applied = await omsctl(['apply', '--target', target, '--auto-approve'], { env, show: false })
    process.stdout.write(dim(`   $ omsctl apply --target ${target} --auto-approve\n`))
    process.stdout.write(`   ${applied.trimEnd().split('\n').at(-1)}\n`)

    heading('Plan again: live matches git')
    await omsctl(['plan', '--target', target, '--detailed-exitcode'], { env })

    heading('maria.schmidt changes a setting in the admin UI, behind git\'s back')
    await changeInAdminUi(url, colleague)
    process.stdout.write('   PUT ApprovalPolicy/high-value-orders: spec.escalation.afterHours 12 -> 48\n')

    heading('Drift: what differs from git, and who changed it')
    await omsctl(['drift', '--target', target], { env, expect: [2] })

    process.stdout.write(`\n${bold('Done.')} Next: read README.md, run \`omsctl plan --help\`, or point omsctl.yaml at your OMS.\n`)
  } finally {
    await server.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

main().catch((error) => {
  process.stderr.write(`\ndemo failed: ${error.message}\n`)
  process.exitCode = 1
})
