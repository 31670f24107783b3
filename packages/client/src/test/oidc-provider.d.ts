// oidc-provider ships no types; the server's test helper (imported by the next-auth social tests) only needs it to compile.
declare module 'oidc-provider';
