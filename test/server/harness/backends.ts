/**
 * The storage backends every server test runs against. PostgreSQL comes from
 * OMSCTL_TEST_DATABASE_URL (`eval "$(bash .ci/postgres.sh start)"` starts one); in CI its
 * absence is a failure, never a silent skip.
 */
export type BackendName = 'sqlite' | 'postgres'

export const databaseUrl = process.env.OMSCTL_TEST_DATABASE_URL

if (databaseUrl === undefined && process.env.CI !== undefined && process.env.CI !== '') {
  throw new Error('OMSCTL_TEST_DATABASE_URL is not set in CI: start PostgreSQL with '
    + 'eval "$(bash .ci/postgres.sh start)" before the tests')
}

if (databaseUrl === undefined) {
  console.warn('server tests: OMSCTL_TEST_DATABASE_URL unset, PostgreSQL runs are SKIPPED '
    + '(eval "$(bash .ci/postgres.sh start)" to include them)')
}

export const backends: BackendName[] = databaseUrl === undefined
  ? ['sqlite']
  : ['sqlite', 'postgres']
