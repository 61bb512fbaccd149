import { randomUUID } from 'node:crypto'

import type { FastifyReply, FastifyRequest } from 'fastify'

import type { Principal } from './auth.js'
import { idempotent, requestHash } from './idempotency.js'
import { type Reply, ApiError } from './reply.js'
import type { InputProblem } from './resource-input.js'
import {
  type PreparedChange, type Wording, type Written, decideChanges,
} from './resource-writes.js'
import type { Services } from './services.js'
import { header, readWriteHeaders } from './write-headers.js'

/**
 * The one way resources change: single writes and changesets alike become a list of
 * prepared changes decided in one transaction, with the idempotency record and the audit
 * entries committed beside them.
 */
export async function commitChanges(
  services: Services, request: FastifyRequest, principal: Principal, tenant: string,
  changes: PreparedChange[], wording: Wording,
  render: (written: Written[], changesetId: string | null) => Reply,
): Promise<Reply> {
  const headers = readWriteHeaders(request)
  const now = new Date()
  const changesetId = wording === 'changeset' ? randomUUID() : null
  const context = {
    tenant,
    actor: principal.name,
    tokenId: principal.tokenId,
    managedBy: headers.managedBy,
    lockId: headers.lockId,
    gitCommit: headers.gitCommit,
    planId: headers.planId,
    author: headers.author,
    changesetId,
    now,
    box: services.box,
  }
  const fingerprint = requestHash([request.method, request.url,
    header(request, 'if-match') ?? '', request.rawBody ?? ''])

  const reply = await services.storage.write(
    {
      tenant,
      keys: changes.map(change => change.key),
      seal: services.chain.seal,
      idempotency: { tokenId: principal.tokenId, key: headers.idempotencyKey },
    },
    idempotent(
      { tokenId: principal.tokenId, key: headers.idempotencyKey, requestHash: fingerprint, now },
      state => decideChanges(context, changes, state, wording,
        written => render(written, changesetId)),
    ),
  )

  if (reply.status < 300 && reply.headers['idempotent-replayed'] === undefined) {
    const counts = new Map<string, number>()
    for (const change of changes) counts.set(change.op, (counts.get(change.op) ?? 0) + 1)
    for (const [op, count] of counts) services.metrics.observeChanges(op, count)
  }

  return reply
}

export function invalid(problems: InputProblem[]): ApiError {
  return new ApiError(422, 'invalid', `The request has ${problems.length} problem(s)`, {
    extra: { problems },
  })
}

/** Sends a Reply decided elsewhere (inside a transaction, or replayed). */
export function send(reply: FastifyReply, answer: Reply): FastifyReply {
  void reply.code(answer.status).headers(answer.headers)
  if (answer.body === '') return reply.send()

  return reply.type('application/json; charset=utf-8').send(answer.body)
}
