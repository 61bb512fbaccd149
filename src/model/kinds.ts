/**
 * The registry of kinds. Everything that must know "which kinds exist" (the validators, the
 * planner's ordering, the reference checks, the server's routes) reads it from here, so a new
 * kind is one entry plus one schema file.
 */
export const API_VERSION = 'omsctl.dev/v1'

export const KIND_NAMES = [
  'GlobalSettings',
  'OrderLifecycle',
  'ApprovalPolicy',
  'InventoryPolicy',
  'Role',
  'Group',
  'AuditPolicy',
  'EncryptionPolicy',
  'Integration',
  'Webhook',
  'Channel',
  'RetentionPolicy',
  'TaxPolicy',
  'ShippingZone',
  'LocaleSettings',
  'Tenant',
  'Governance',
] as const

export type KindName = (typeof KIND_NAMES)[number]

/**
 * A field of one kind that names a resource of another. `path` is a JSON pointer into the
 * document in which `*` stands for every item of an array (or every value of a map).
 */
export interface KindReference {
  path: string
  kind: KindName
}

export interface KindInfo {
  name: KindName
  /** Relative to the package's `schemas/` folder. */
  schemaFile: string
  /** Deleting one needs --allow-delete-protected: losing it silently weakens compliance. */
  protected: boolean
  /** False for kinds that govern the repository itself: they never reach the OMS API. */
  live: boolean
  references: readonly KindReference[]
}

function kind(
  name: KindName,
  options: { protected?: boolean, live?: boolean, references?: KindReference[] } = {},
): KindInfo {
  const file = name.replace(/(?<=[a-z])(?=[A-Z])/g, '-').toLowerCase()

  return {
    name,
    schemaFile: `kinds/${file}.schema.json`,
    protected: options.protected ?? false,
    live: options.live ?? true,
    references: options.references ?? [],
  }
}

export const KINDS: Readonly<Record<KindName, KindInfo>> = {
  GlobalSettings: kind('GlobalSettings'),
  OrderLifecycle: kind('OrderLifecycle', {
    references: [{ path: '/spec/transitions/*/approval/policy', kind: 'ApprovalPolicy' }],
  }),
  ApprovalPolicy: kind('ApprovalPolicy', {
    references: [
      { path: '/spec/bands/*/approverRoles/*', kind: 'Role' },
      { path: '/spec/escalation/toRoles/*', kind: 'Role' },
    ],
  }),
  InventoryPolicy: kind('InventoryPolicy'),
  Role: kind('Role'),
  Group: kind('Group', { references: [{ path: '/spec/roles/*', kind: 'Role' }] }),
  AuditPolicy: kind('AuditPolicy', { protected: true }),
  EncryptionPolicy: kind('EncryptionPolicy', { protected: true }),
  Integration: kind('Integration'),
  Webhook: kind('Webhook'),
  Channel: kind('Channel', { references: [{ path: '/spec/integration', kind: 'Integration' }] }),
  RetentionPolicy: kind('RetentionPolicy', { protected: true }),
  TaxPolicy: kind('TaxPolicy', {
    references: [{ path: '/spec/calculation/integration', kind: 'Integration' }],
  }),
  ShippingZone: kind('ShippingZone'),
  LocaleSettings: kind('LocaleSettings'),
  Tenant: kind('Tenant'),
  Governance: kind('Governance', { live: false }),
}

const kindSet: ReadonlySet<string> = new Set(KIND_NAMES)

export function isKindName(value: unknown): value is KindName {
  return typeof value === 'string' && kindSet.has(value)
}
