// What a person reads: messages name the mistake, hints name the way out, and nothing
// written where a secret belongs is ever echoed back.
import { describe, expect, it } from 'vitest'

import { didYouMean } from '../../src/check/did-you-mean.js'
import { validateProjectFile, validateResource } from '../../src/check/schema.js'
import { acmeProject, changed, kindExample, REMOVE } from '../model/schema-fixtures.js'

describe('schema problem messages', () => {
  it('names an unknown field at its own pointer and suggests the known one', () => {
    const issues = validateResource(changed('Integration', '/spec/timeoutSecond', 30))

    expect(issues).toEqual([{
      pointer: '/spec/timeoutSecond',
      rule: 'schema/additionalProperties',
      message: 'unknown field "timeoutSecond"',
      hint: 'did you mean "timeoutSeconds"?',
    }])
  })

  it('lists the known fields when nothing is close', () => {
    const [issue] = validateResource(changed('Group', '/spec/zzz', true))

    expect(issue?.hint).toBe(
      'known fields: description, businessUnit, roles, identityProviderGroups')
  })

  it('reports a missing field at the object that lacks it', () => {
    const issues = validateResource(changed('Webhook', '/spec/topics', REMOVE))

    expect(issues).toEqual([{
      pointer: '/spec',
      rule: 'schema/required',
      message: 'missing required field "topics"',
    }])
  })

  it('gives the allowed values of an enum, the likely one first', () => {
    const [issue] = validateResource(changed('Tenant', '/spec/isolation', 'databse'))

    expect(issue?.message).toBe('"databse" is not one of the allowed values')
    expect(issue?.hint).toBe('did you mean "database"? allowed values: shared, schema, database')
  })

  it('suggests the IANA zone for a misspelt or bare city name', () => {
    const misspelt = validateResource(changed('GlobalSettings', '/spec/timezone', 'Europe/Berln'))
    const bare = validateResource(changed('GlobalSettings', '/spec/timezone', 'new york'))

    expect(misspelt[0]).toEqual({
      pointer: '/spec/timezone',
      rule: 'code/timezone',
      message: '"Europe/Berln" is not an IANA time zone',
      hint: 'did you mean "Europe/Berlin"?',
    })
    expect(bare[0]?.hint).toBe('did you mean "America/New_York"?')
  })

  it('accepts a deprecated zone alias such as US/Eastern (the rule pack warns on it)', () => {
    expect(validateResource(changed('GlobalSettings', '/spec/timezone', 'US/Eastern'))).toEqual([])
  })

  it('asks for a secret reference instead of a literal, without repeating the literal', () => {
    const issues = validateResource(changed('Integration', '/spec/auth/clientSecret', 'hunter2'))

    expect(issues).toEqual([{
      pointer: '/spec/auth/clientSecret',
      rule: 'secret/literal',
      message: 'a secret field must hold a secret reference, never the secret itself',
      hint: 'write a reference such as {secretRef: env:SAP_ERP_CLIENT_SECRET}, '
        + 'and keep the value out of the repository',
    }])
    expect(JSON.stringify(issues)).not.toContain('hunter2')
  })

  it('treats a value in place of a reference inside secretRef as a literal secret', () => {
    const secret = { secretRef: 'sk_live_51HqLyjWDarjtT1zdp7dc' }
    const issues = validateResource(changed('Integration', '/spec/auth/clientSecret', secret))

    expect(issues.map(issue => [issue.rule, issue.pointer])).toEqual([
      ['secret/literal', '/spec/auth/clientSecret'],
    ])
    expect(JSON.stringify(issues)).not.toContain('sk_live')
  })

  it('accepts {secretRef, value} only when asked to, as API write bodies carry it', () => {
    const write = { secretRef: 'env:ERP_CLIENT_SECRET', value: 'resolved-secret' }
    const document = changed('Integration', '/spec/auth/clientSecret', write)

    expect(validateResource(document, { acceptSecretValues: true })).toEqual([])
    expect(validateResource(document).map(issue => issue.rule)).toEqual(['secret/literal'])
    expect(document).toEqual(changed('Integration', '/spec/auth/clientSecret', write))
  })

  it('folds the branches of an anyOf into one problem', () => {
    const issues = validateResource(changed('Channel', '/spec/retry/maxAttempts', 500))

    expect(issues).toEqual([{
      pointer: '/spec/retry/maxAttempts',
      rule: 'schema/anyOf',
      message: 'must be at most 100 or "unlimited", not number 500',
    }])
  })

  it('reports an unknown mapping target with the canonical order fields', () => {
    const [issue] = validateResource(changed('Channel', '/spec/mapping/fields/customr', 'x'))

    expect(issue?.message).toBe('field name "customr" is not allowed here')
    expect(issue?.hint).toMatch(/^did you mean "customer"\? allowed names: orderId, channel/)
  })

  it('suggests a valid resource name', () => {
    const [issue] = validateResource(changed('Role', '/metadata/name', 'Order Manager'))

    expect(issue).toEqual({
      pointer: '/metadata/name',
      rule: 'schema/pattern',
      message: '"Order Manager" is not a valid name',
      hint: 'did you mean "order-manager"?',
    })
  })

  it('says which type was expected and which was found', () => {
    const [issue] = validateResource(changed('AuditPolicy', '/spec/immutable', 'yes'))

    expect(issue?.message).toBe('must be true or false, not the text "yes"')
  })

  it('reports every problem of a document, not only the first', () => {
    const document = changed('Tenant', '/spec/status', 'enabled')
    const spec = document.spec as Record<string, unknown>
    spec.region = 'EU'
    delete spec.displayName

    expect(validateResource(document).map(issue => issue.pointer)).toEqual([
      '/spec', '/spec/region', '/spec/status',
    ])
  })
})

describe('the document envelope', () => {
  it('rejects a document that is not a mapping', () => {
    expect(validateResource(['a', 'list'])).toEqual([{
      pointer: '',
      rule: 'schema/type',
      message: 'a document must be a mapping with apiVersion, kind, metadata and spec, not a list',
    }])
  })

  it('names the known kinds for an unknown kind, the likely one first', () => {
    const [issue, ...rest] = validateResource(changed('Role', '/kind', 'Roel'))

    expect(rest).toEqual([])
    expect(issue?.pointer).toBe('/kind')
    expect(issue?.message).toBe('unknown kind "Roel"')
    expect(issue?.hint)
      .toMatch(/^did you mean "Role"\? known kinds: GlobalSettings, .*, Governance$/)
  })

  it('reports a missing kind and apiVersion at the document', () => {
    const issues = validateResource({ metadata: { name: 'x1' }, spec: {} })

    expect(issues.map(issue => [issue.pointer, issue.rule, issue.message])).toEqual([
      ['', 'schema/required', 'missing required field "apiVersion"'],
      ['', 'schema/required', 'missing required field "kind"'],
    ])
  })

  it('reports an unknown apiVersion once and still checks the rest', () => {
    const document = { ...kindExample('Role'), apiVersion: 'omsctl.dev/v2', extra: 1 }

    expect(validateResource(document).map(issue => [issue.pointer, issue.rule])).toEqual([
      ['/apiVersion', 'schema/const'],
      ['/extra', 'schema/additionalProperties'],
    ])
  })

  it('reports a kind that is not text', () => {
    const [issue] = validateResource({ ...kindExample('Role'), kind: 7 })

    expect(issue?.message).toBe('kind must be text, not number 7')
  })
})

describe('the project file', () => {
  it('reports an environment without its token variable', () => {
    const project = acmeProject() as { spec: { environments: Record<string, unknown>[] } }
    delete project.spec.environments[1]?.tokenEnv

    expect(validateProjectFile(project)).toEqual([{
      pointer: '/spec/environments/1',
      rule: 'schema/required',
      message: 'missing required field "tokenEnv"',
    }])
  })

  it('rejects a documents folder outside the project', () => {
    const project = acmeProject() as { spec: { documents: string[] } }
    project.spec.documents = ['../elsewhere']

    expect(validateProjectFile(project).map(issue => issue.pointer)).toEqual(['/spec/documents/0'])
  })
})

describe('didYouMean', () => {
  it.each([
    ['timeoutSecond', ['timeoutSeconds', 'retry'], 'timeoutSeconds'],
    ['ROLE', ['Role', 'Group'], 'Role'],
    ['1.2', ['TLSv1.2', 'TLSv1.3'], 'TLSv1.2'],
    ['xyz', ['Role', 'Group'], undefined],
    ['read', ['orders:read', 'returns:read'], undefined],
  ])('%s among %j is %s', (word, candidates, expected) => {
    expect(didYouMean(word, candidates)).toBe(expected)
  })
})
