/** A usage or input error: the CLI prints it on stderr and exits 2, having done nothing. */
export class UsageError extends Error {}
