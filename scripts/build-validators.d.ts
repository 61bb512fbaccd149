/** Digest of the schema files, as embedded in the generated validators module. */
export declare function schemaDigest(): string
