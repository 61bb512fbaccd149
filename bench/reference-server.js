// The minimal fastify + better-sqlite3 server that issue 3 measures the bulk read against:
// no auth, no validation, no audit; one table of JSON bodies, the same WAL setup as
// `omsctl server`. `node bench/reference-server.js FILE` prints the URL it listens on.
//   POST /batch {items: [{name, body}]}   inserts every item in one transaction
//   GET  /items?after=NAME&limit=N        a page in name order, bodies spliced as stored
import Database from 'better-sqlite3'
import Fastify from 'fastify'

const db = new Database(process.argv[2])
db.pragma('journal_mode = WAL')
db.pragma('synchronous = NORMAL')
db.exec('CREATE TABLE IF NOT EXISTS items (name TEXT PRIMARY KEY, body TEXT NOT NULL)')
const insert = db.prepare('INSERT INTO items (name, body) VALUES (?, ?)')
const page = db.prepare('SELECT name, body FROM items WHERE name > ? ORDER BY name LIMIT ?').raw()
const insertAll = db.transaction((items) => {
  for (const item of items) insert.run(item.name, JSON.stringify(item.body))
})

const app = Fastify({ bodyLimit: 64 * 1024 * 1024 })
app.post('/batch', async (request) => {
  insertAll(request.body.items)
  return { count: request.body.items.length }
})
app.get('/items', async (request, reply) => {
  const rows = page.all(request.query.after ?? '', Number(request.query.limit ?? 1000))
  const next = rows.length > 0 ? rows.at(-1)[0] : null
  return reply.type('application/json').send(
    `{"items":[${rows.map(row => row[1]).join(',')}],"next":${JSON.stringify(next)}}`)
})

const url = await app.listen({ host: '127.0.0.1', port: 0 })
console.log(`listening on ${url}`)
