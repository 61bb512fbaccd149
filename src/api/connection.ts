import { UserError } from '../errors.js'
import type { Target } from '../resolve/target.js'

/** Where and as whom the client talks to the API; the token never comes from a flag. */
export interface Connection {
  baseUrl: string
  token: string
  /** The environment variable the token came from, for error messages. */
  tokenSource: string
}

/**
 * The URL comes from `--api-url`, else OMSCTL_API_URL, else the environment in omsctl.yaml.
 * The token comes from OMSCTL_TOKEN when set (CI, ephemeral environments), else from the
 * variable the environment names.
 */
export function connectionFor(
  target: Target, apiUrlFlag: string | undefined, env: NodeJS.ProcessEnv = process.env,
): Connection {
  const rawUrl = apiUrlFlag ?? nonEmpty(env.OMSCTL_API_URL) ?? target.environment.apiUrl
  const baseUrl = checkUrl(rawUrl)

  const fromOverride = nonEmpty(env.OMSCTL_TOKEN)
  const fromEnvironment = nonEmpty(env[target.environment.tokenEnv])
  const token = fromOverride ?? fromEnvironment
  if (token === undefined) {
    throw new UserError(`No API token for environment ${target.environment.name}`, {
      code: 'api/no-token',
      hint: `set ${target.environment.tokenEnv} (named by tokenEnv in omsctl.yaml) `
        + 'or OMSCTL_TOKEN; a token is never taken from a command-line flag',
    })
  }

  const tokenSource = fromOverride === undefined ? target.environment.tokenEnv : 'OMSCTL_TOKEN'
  return { baseUrl, token, tokenSource }
}

function checkUrl(raw: string): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new UserError(`Invalid API URL: ${raw}`, {
      code: 'api/bad-url',
      hint: 'give an absolute http(s) URL, for example http://127.0.0.1:8080',
    })
  }

  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError(`Invalid API URL: ${raw} (only http and https are supported)`, {
      code: 'api/bad-url',
    })
  }

  return url.href.replace(/\/+$/, '')
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim()
}
