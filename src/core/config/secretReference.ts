// `${secret:NAME}` in a source field. Apart from the zod schema so the CLI can resolve
// secrets without loading zod (see configFile.ts).
export const secretReferencePattern = /\$\{secret:([A-Za-z0-9_.-]+)\}/g;
