/**
 * The loader's output: every later stage (resolve, check, plan, explain) works on these.
 * Values are plain JSON; source positions of individual values are found on demand
 * (see `locate.ts`), because parsing with positions costs several times a plain parse
 * and is needed only where a problem or an explanation is reported.
 */
export interface Resource {
  apiVersion: string
  kind: string
  metadata: {
    name: string
    labels?: Record<string, string>
    annotations?: Record<string, string>
    [key: string]: unknown
  }
  spec: Record<string, unknown>
}

export interface DocumentSource {
  /** Path relative to the project root, forward slashes. */
  file: string
  /** Position of the document within its file, from 0. */
  index: number
  /** 1-based line where the document starts (after any `---`). */
  line: number
}

export interface LoadedDocument {
  /** `Kind/name`, the identity used everywhere (plans, problems, the API). */
  id: string
  resource: Resource
  source: DocumentSource
}
