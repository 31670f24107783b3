// The fetch signature the client accepts: a module of its own, so auth-client and auth-request share it without importing each other.

/** `globalThis.fetch`'s shape; inject one to add headers or logging, or to test without a network. */
export type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
