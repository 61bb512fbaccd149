import { RULES } from '../../src/rules/registry.js'
import { SETTINGS } from '../../src/rules/settings.js'

/** The README's rule table, as the registry says it must read. */
export function rulesTable(): string {
  const rows = RULES.map(rule => `| ${rule.id} | ${rule.severity} | ${rule.title.replace(/\|/g, '\\|')} |`)
  return ['| id | severity | title |', '| --- | --- | --- |', ...rows].join('\n')
}

/** The README's settings table, with the defaults the code uses. */
export function settingsTable(): string {
  const rows = SETTINGS.map((setting) => {
    const value = Array.isArray(setting.default) ? '`[]`' : `\`${String(setting.default)}\``
    return `| \`${setting.section}.${setting.name}\` | ${value} | ${setting.description} |`
  })
  return ['| setting | default | what |', '| --- | --- | --- |', ...rows].join('\n')
}

/** The text between `<!-- NAME:start -->` and `<!-- NAME:end -->`, trimmed. */
export function section(text: string, name: string): string | undefined {
  const start = text.indexOf(`<!-- ${name}:start -->`)
  const end = text.indexOf(`<!-- ${name}:end -->`)
  if (start < 0 || end < start) return undefined
  return text.slice(start + `<!-- ${name}:start -->`.length, end).trim()
}
