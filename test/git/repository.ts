import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { simpleGit, type SimpleGit } from 'simple-git'

/** A real git repository in a temp folder, committed to by named authors. */
export interface TestRepository {
  dir: string
  git: SimpleGit
  /** Writes the files (a null content deletes one) and commits them as `author`. */
  commit(author: string, files: Record<string, string | null>, message: string): Promise<string>
  write(files: Record<string, string | null>): void
}

export async function testRepository(prefix: string): Promise<TestRepository> {
  const dir = mkdtempSync(join(tmpdir(), `omsctl-${prefix}-`))
  const git = simpleGit(dir)
  await git.init()
  await git.addConfig('user.name', 'CI')
  await git.addConfig('user.email', 'ci@acme.example')
  await git.addConfig('commit.gpgsign', 'false')

  const write = (files: Record<string, string | null>): void => {
    for (const [path, content] of Object.entries(files)) {
      if (content === null) {
        rmSync(join(dir, path))
        continue
      }

      mkdirSync(dirname(join(dir, path)), { recursive: true })
      writeFileSync(join(dir, path), content)
    }
  }

  return {
    dir,
    git,
    write,
    async commit(author, files, message) {
      write(files)
      await git.add(['-A', '.'])
      const email = `${author.toLowerCase()}@acme.example`
      await git.commit(message, undefined, { '--author': `${author} <${email}>` })
      return (await git.revparse(['HEAD'])).trim()
    },
  }
}
