/**
 * Builds Markdown that must fit a limit (a pull-request comment holds 65,536 characters).
 * Sections are added while they fit; the rest are counted so the reader is told what
 * was cut and where to see it whole.
 */
export class MarkdownBudget {
  private readonly parts: string[] = []
  private used = 0
  private omitted = 0

  /** `reserve` keeps room for the closing note. */
  constructor(private readonly limit: number, private readonly reserve = 400) {}

  /** Adds a section if it fits; returns false (and counts it) when it does not. */
  add(section: string): boolean {
    if (this.omitted === 0 && this.used + section.length + 1 <= this.limit - this.reserve) {
      this.parts.push(section)
      this.used += section.length + 1
      return true
    }

    this.omitted++
    return false
  }

  get omittedCount(): number {
    return this.omitted
  }

  /** The text; `note` explains what was left out, and is added only when something was. */
  finish(note: (omitted: number) => string): string {
    const text = this.parts.join('\n')
    return this.omitted === 0 ? text : `${text}\n${note(this.omitted)}\n`
  }
}

export const PR_COMMENT_LIMIT = 60_000

/** Text inside a Markdown table cell or inline code: no pipes or backticks breaking out. */
export function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/`/g, 'ˋ').replace(/\n/g, ' ')
}
