/**
 * Documents that several rules' examples need beside the one they are about. Examples are
 * complete repositories in miniature: the documentation tests run them through `validate`.
 */

export const GLOBAL_SETTINGS = `apiVersion: omsctl.dev/v1
kind: GlobalSettings
metadata:
  name: platform
spec:
  timezone: Europe/Berlin
  currencies:
    default: EUR
    supported: [EUR, USD]
  locales:
    default: en-GB
    supported: [en-GB, de-DE]
  countries: [DE, AT, US]
  units:
    weight: kg
    dimension: cm
`

/** Starts with a document separator, to follow another example document. */
export const APPROVER_ROLES = `---
apiVersion: omsctl.dev/v1
kind: Role
metadata:
  name: order-manager
spec:
  permissions: [orders:read, orders:approve]
---
apiVersion: omsctl.dev/v1
kind: Role
metadata:
  name: finance-approver
spec:
  permissions: [orders:read, orders:approve, refunds:approve]
`

export const APPROVAL_POLICY = `apiVersion: omsctl.dev/v1
kind: ApprovalPolicy
metadata:
  name: high-value-orders
spec:
  currency: EUR
  orderTypes: [standard]
  bands:
    - name: small
      minimum: 0
      maximum: 500000
      approverRoles: [order-manager]
      requiredApprovals: 0
    - name: large
      minimum: 500000
      approverRoles: [finance-approver]
      requiredApprovals: 1
  escalation:
    afterHours: 12
    toRoles: [finance-approver]
`

/** A lifecycle every OMS-LC rule accepts. */
export const LIFECYCLE = `apiVersion: omsctl.dev/v1
kind: OrderLifecycle
metadata:
  name: standard-order
spec:
  orderTypes: [standard]
  states:
    - name: placed
      initial: true
    - name: shipped
    - name: delivered
      terminal: true
    - name: cancelled
      terminal: true
  transitions:
    - name: ship
      from: placed
      to: shipped
      event: shipment.dispatched
    - name: deliver
      from: shipped
      to: delivered
      event: shipment.delivered
    - name: cancel
      from: placed
      to: cancelled
      event: order.cancelled
`
