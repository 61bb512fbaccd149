/** OMS-LC: an order lifecycle is a state machine that every order can get through. */
import { LIFECYCLE as PASS } from './example-documents.js'
import { approvalGate, knownStates, reachable } from './lifecycle-flow-rules.js'
import { documentRule, type Rule } from './rule.js'

const initialState = documentRule({
  id: 'OMS-LC-001',
  group: 'lifecycle',
  scope: 'document',
  kinds: ['OrderLifecycle'],
  severity: 'error',
  title: 'A lifecycle has exactly one initial state',
  description: 'Every new order enters its lifecycle in the state marked `initial: true`. '
    + 'With none, orders of the lifecycle\'s types cannot be created; with several, the '
    + 'OMS picks one arbitrarily. Reported at each extra initial state, or at `states` when '
    + 'there is none.',
  examples: {
    pass: PASS,
    fail: `apiVersion: omsctl.dev/v1
kind: OrderLifecycle
metadata:
  name: standard-order
spec:
  orderTypes: [standard]
  states:
    - name: placed
      initial: true
    - name: imported
      initial: true            # <- a second initial state
    - name: delivered
      terminal: true
  transitions:
    - name: deliver
      from: placed
      to: delivered
      event: shipment.delivered
    - name: deliver-imported
      from: imported
      to: delivered
      event: shipment.delivered
`,
  },
  * check({ spec }) {
    const initial = spec.states.flatMap((state, index) => (state.initial ? [index] : []))
    if (initial.length === 0) {
      yield {
        pointer: '/spec/states',
        message: 'no state is marked initial, so no order can enter this lifecycle',
        hint: 'add initial: true to the state new orders start in',
      }
    }

    const names = initial.map(index => spec.states[index]!.name).join(', ')
    for (const index of initial.slice(1)) {
      yield {
        pointer: `/spec/states/${index}/initial`,
        message: `${initial.length} states are marked initial (${names}); an order starts in exactly one`,
        hint: `keep initial: true on ${spec.states[initial[0]!]!.name} only`,
      }
    }
  },
})

const terminalState = documentRule({
  id: 'OMS-LC-004',
  group: 'lifecycle',
  scope: 'document',
  kinds: ['OrderLifecycle'],
  severity: 'error',
  title: 'A lifecycle has at least one terminal state',
  description: 'Orders must be able to finish: at least one state is marked '
    + '`terminal: true` (delivered, cancelled, invoiced...). Without one, every order stays '
    + 'open for ever and counts against open-order limits and reports.',
  examples: {
    pass: PASS,
    fail: `apiVersion: omsctl.dev/v1
kind: OrderLifecycle
metadata:
  name: standard-order
spec:
  orderTypes: [standard]
  states:                      # <- no terminal state
    - name: placed
      initial: true
    - name: shipped
  transitions:
    - name: ship
      from: placed
      to: shipped
      event: shipment.dispatched
`,
  },
  * check({ spec }) {
    if (spec.states.some(state => state.terminal)) return

    yield {
      pointer: '/spec/states',
      message: 'no state is terminal, so no order of this lifecycle can ever finish',
      hint: 'mark the final states (for example delivered and cancelled) with terminal: true',
    }
  },
})

const terminalIsFinal = documentRule({
  id: 'OMS-LC-005',
  group: 'lifecycle',
  scope: 'document',
  kinds: ['OrderLifecycle'],
  severity: 'error',
  title: 'Nothing leaves a terminal state',
  description: 'A terminal state is final: a transition out of it, or a timeout that moves '
    + 'the order on, reopens finished orders (and their payments and stock). Reported at '
    + 'the transition\'s `from` or the state\'s timeout.',
  examples: {
    pass: PASS,
    fail: `${PASS}    - name: reopen
      from: delivered          # <- delivered is terminal
      to: placed
      event: order.reopened
`,
  },
  * check({ spec }) {
    const terminal = new Set(spec.states.filter(state => state.terminal).map(state => state.name))
    for (const [index, transition] of spec.transitions.entries()) {
      if (!terminal.has(transition.from)) continue

      yield {
        pointer: `/spec/transitions/${index}/from`,
        message: `transition "${transition.name}" leaves "${transition.from}", a terminal state`,
        hint: `remove the transition, or drop terminal: true from ${transition.from}`,
      }
    }

    for (const [index, state] of spec.states.entries()) {
      const action = state.timeout?.action
      if (!state.terminal || (action !== 'transition' && action !== 'cancel')) continue

      yield {
        pointer: `/spec/states/${index}/timeout`,
        message: `terminal state "${state.name}" has a timeout that would ${action} finished orders`,
        hint: 'remove the timeout, or use action: notify',
      }
    }
  },
})

export const LIFECYCLE_RULES: readonly Rule[] = [
  initialState, knownStates, reachable, terminalState, terminalIsFinal, approvalGate,
]
