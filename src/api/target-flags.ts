import { Flags } from '@oclif/core'

/** Flags of every command that talks to a target's API; the token never is one. */
export const targetFlags = {
  'target': Flags.string({
    char: 't',
    description: 'Target ENV/TENANT from omsctl.yaml (default: OMSCTL_TARGET).',
  }),
  'api-url': Flags.string({
    description: 'API URL instead of the environment\'s apiUrl (default: OMSCTL_API_URL). '
      + 'The token comes from the environment\'s tokenEnv variable or OMSCTL_TOKEN.',
  }),
  'request-timeout': Flags.integer({
    description: 'Seconds to wait for each API request before it counts as failed and is '
      + 'retried (writes safely: the server recognises a retry). Default 30.',
    env: 'OMSCTL_REQUEST_TIMEOUT',
    min: 1,
  }),
}

export const refFlag = {
  ref: Flags.string({
    description: 'Read the repository at this git revision instead of the working tree.',
  }),
}

export const formatFlag = {
  format: Flags.string({
    description: 'Output format when not --json: human, or markdown for a pull-request comment.',
    options: ['human', 'markdown'],
    default: 'human',
  }),
}
