/** OMS-LC (flow): transitions connect states that exist, and gates name existing policies. */
import { choiceHint } from '../check/messages.js'
import type { OrderLifecycleSpec } from '../model/kinds.generated.js'
import { LIFECYCLE as PASS } from './example-documents.js'
import { missingReferences } from './references.js'
import { documentRule, type Issue, type Rule } from './rule.js'

export const knownStates = documentRule({
  id: 'OMS-LC-002',
  group: 'lifecycle',
  scope: 'document',
  kinds: ['OrderLifecycle'],
  severity: 'error',
  title: 'Transitions and timeouts name states of the lifecycle',
  description: 'A transition\'s `from` and `to`, and a timeout\'s `to`, must each name a '
    + 'state declared under `states`; a misspelt name leaves orders stuck or the transition '
    + 'dead. Reported at the unknown name, with the closest state name as hint.',
  examples: {
    pass: PASS,
    fail: PASS.replace('      to: shipped\n', '      to: shiped                # <- not a state\n'),
  },
  * check({ spec }) {
    const names = spec.states.map(state => state.name)
    const known = new Set(names)
    const unknown = (name: string, pointer: string, role: string): Issue => ({
      pointer,
      message: `${role} "${name}", which is not a state of this lifecycle`,
      hint: choiceHint(name, names, 'states'),
    })

    for (const [index, transition] of spec.transitions.entries()) {
      const where = `/spec/transitions/${index}`
      if (!known.has(transition.from)) {
        yield unknown(transition.from, `${where}/from`, `transition "${transition.name}" starts from`)
      }

      if (!known.has(transition.to)) {
        yield unknown(transition.to, `${where}/to`, `transition "${transition.name}" leads to`)
      }
    }

    for (const [index, state] of spec.states.entries()) {
      const to = state.timeout?.to
      if (to !== undefined && !known.has(to)) {
        yield unknown(to, `/spec/states/${index}/timeout/to`, `the timeout of "${state.name}" leads to`)
      }
    }
  },
})

export const reachable = documentRule({
  id: 'OMS-LC-003',
  group: 'lifecycle',
  scope: 'document',
  kinds: ['OrderLifecycle'],
  severity: 'error',
  title: 'Every state is reachable from the initial state',
  description: 'A state that no chain of transitions (or timeouts that transition) leads to '
    + 'from the initial state is dead configuration, usually a forgotten transition. '
    + 'Reported at the unreachable state\'s name. Lifecycles without an initial state are '
    + 'left to OMS-LC-001.',
  examples: {
    pass: PASS,
    fail: PASS.replace(
      '    - name: cancelled\n',
      '    - name: on-hold                 # <- nothing leads here\n    - name: cancelled\n',
    ),
  },
  * check({ spec }) {
    const seen = new Set(spec.states.filter(state => state.initial).map(state => state.name))
    if (seen.size === 0) return

    const next = successors(spec)
    const queue = [...seen]
    for (let state = queue.shift(); state !== undefined; state = queue.shift()) {
      for (const to of next.get(state) ?? []) {
        if (!seen.has(to)) {
          seen.add(to)
          queue.push(to)
        }
      }
    }

    for (const [index, state] of spec.states.entries()) {
      if (seen.has(state.name)) continue

      yield {
        pointer: `/spec/states/${index}/name`,
        message: `state "${state.name}" cannot be reached from the initial state`,
        hint: 'add a transition into it, or remove it',
      }
    }
  },
})

export const approvalGate: Rule = {
  id: 'OMS-LC-006',
  group: 'lifecycle',
  scope: 'target',
  reads: ['OrderLifecycle', 'ApprovalPolicy'],
  severity: 'error',
  title: 'An approval gate names an existing ApprovalPolicy',
  description: 'A transition with `approval.policy` waits for that ApprovalPolicy\'s '
    + 'approvers. If the policy does not exist in the target (a typo, or a layer that '
    + 'removed it), orders wait for an approval nobody can give.',
  examples: {
    pass: `${PASS}    - name: approve
      from: shipped
      to: delivered
      event: approval.granted
      approval:
        policy: high-value-orders
---
apiVersion: omsctl.dev/v1
kind: ApprovalPolicy
metadata:
  name: high-value-orders
spec:
  currency: EUR
  bands:
    - name: all
      minimum: 0
      approverRoles: [order-manager]
      requiredApprovals: 1
---
apiVersion: omsctl.dev/v1
kind: Role
metadata:
  name: order-manager
spec:
  permissions: [orders:read, orders:approve]
`,
    fail: `${PASS}    - name: approve
      from: shipped
      to: delivered
      event: approval.granted
      approval:
        policy: high-value-order   # <- no such ApprovalPolicy
`,
  },
  check: documents => missingReferences(documents, ['OrderLifecycle'], 'ApprovalPolicy', 'the approval gate names'),
}

/** From each state, the states its transitions and transitioning timeouts lead to. */
function successors(spec: OrderLifecycleSpec): Map<string, string[]> {
  const next = new Map<string, string[]>()
  const add = (from: string, to: string): void => {
    const list = next.get(from)
    if (list) list.push(to)
    else next.set(from, [to])
  }

  for (const transition of spec.transitions) add(transition.from, transition.to)
  for (const state of spec.states) {
    if (state.timeout?.action === 'transition' && state.timeout.to) add(state.name, state.timeout.to)
  }

  return next
}
