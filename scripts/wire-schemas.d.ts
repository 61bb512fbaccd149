/** The wire schemas of the kinds that hold secrets, by path relative to `schemas/`. */
export declare function wireSchemas(): Record<string, Record<string, unknown>>
/** Writes them to `schemas/wire/`; returns how many. */
export declare function writeWireSchemas(): number
/** The committed text of one. */
export declare function wireSchemaText(schema: Record<string, unknown>): string
