/** OMS-SC: no credential is written into the repository, wherever it hides. */
import { findCredentials, isSecretLikeName, knownCredential, looksRandom } from './credential-patterns.js'
import type { FileRule, Issue, Rule } from './rule.js'

const WEBHOOK = `apiVersion: omsctl.dev/v1
kind: Webhook
metadata:
  name: erp-order-events
  annotations:
    runbook: https://wiki.acme.example/oms/webhooks
spec:
  url: https://hooks.acme.example/oms/orders
  topics: [order.created]
  signingSecret:
    secretRef: env:WEBHOOK_SIGNING_SECRET
  active: true
  retry:
    maxAttempts: unlimited
    backoff:
      strategy: fixed
      initialSeconds: 5
`

const ROTATE = 'remove it, revoke and rotate the credential (it stays in the git history), and '
  + 'keep secrets in secret references such as {secretRef: env:NAME}'

// Built from parts, so that secret scanners do not flag omsctl's own sources.
const GITHUB_TOKEN = ['ghp', '_', 'R8kq2ZxV7mWb3TnL5yHc9JdF4sGa6PeQ1uNo'].join('')

const knownFormats: FileRule = {
  id: 'OMS-SC-001',
  group: 'credentials',
  scope: 'file',
  severity: 'error',
  security: true,
  title: 'No credential in a known format anywhere in the repository',
  description: 'The raw text of every YAML file under the project root (omsctl.yaml, the '
    + 'layers and any other YAML file; hidden folders and node_modules aside), values, '
    + 'mapping keys and comments alike, is checked against the published formats of common '
    + 'credentials: AWS access key ids (AKIA...), GitHub tokens (ghp_..., github_pat_...), '
    + 'Slack tokens (xoxb-..., xoxp-...) and webhook URLs, private keys (-----BEGIN ... '
    + 'PRIVATE KEY-----), Stripe keys (sk_live_...), Google API keys, npm and SendGrid '
    + 'tokens, JSON Web Tokens and passwords inside URLs. The value is never printed, only '
    + 'its first characters and its length. Runs once per repository; a run narrowed by '
    + '--target or --changed-since reads only the files it lists.',
  examples: {
    pass: WEBHOOK,
    fail: WEBHOOK
      .replace('    runbook: https://wiki.acme.example/oms/webhooks\n',
        '    runbook: https://wiki.acme.example/oms/webhooks\n'
        + '    aws-access-key: AKIAIOSFODNN7EXAMPLE  # <- an AWS access key id as a value\n'
        + '    AKIAI44QH8DHBEXAMPLE: revoked  # <- as a mapping key\n')
      .replace('  topics: [order.created]\n',
        '  topics: [order.created]\n'
        + `  # deploy with ${GITHUB_TOKEN}  # <- a GitHub token in a comment\n`),
  },
  * check(text) {
    for (const found of findCredentials(text)) {
      yield {
        offset: found.offset,
        message: `a literal that looks like ${found.what} is written here: ${found.masked}`,
        hint: ROTATE,
      }
    }
  },
}

const randomSecrets: Rule = {
  id: 'OMS-SC-002',
  group: 'credentials',
  scope: 'repository',
  severity: 'error',
  security: true,
  title: 'No random-looking literal in a secret-like field',
  description: 'A field whose name says it holds a secret (password, secret, token, apiKey, '
    + 'privateKey, credential...), anywhere including labels and annotations, must not hold '
    + 'a random-looking literal: 12 or more characters without spaces whose Shannon entropy '
    + 'reaches `spec.rules.thresholds.minEntropyBits` (default 3.5 bits per character). '
    + 'Secret references (env:..., file:...) and names of things (tokenUrl, keyId, tokenEnv) '
    + 'are not secrets. The value is never printed.',
  settings: ['minEntropyBits'],
  examples: {
    pass: WEBHOOK,
    fail: WEBHOOK.replace('    runbook: https://wiki.acme.example/oms/webhooks\n',
      '    runbook: https://wiki.acme.example/oms/webhooks\n'
      + '    fallback-password: "q8W#z1Lx!v93Rk2T"  # <- a random-looking password\n'),
  },
  check(document, { settings }) {
    const minimum = settings.thresholds.minEntropyBits
    const issues: Issue[] = []
    document.strings.forEach((value, index) => {
      const key = document.keys[index]!
      if (!isSecretLikeName(key) || !looksRandom(value, minimum) || knownCredential(value)) return

      issues.push({
        pointer: document.pointerOf(index),
        message: `${key} holds a random-looking literal, probably a real secret`,
        hint: ROTATE,
      })
    })
    return issues
  },
}

export const CREDENTIAL_RULES: readonly Rule[] = [knownFormats, randomSecrets]
