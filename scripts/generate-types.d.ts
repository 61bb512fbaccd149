/** The generated source files, by path relative to the repository root. */
export declare function generatedFiles(): Promise<Record<string, string>>
