// oidc-provider ships no types; the test helper that runs it only needs it to compile.
declare module 'oidc-provider';
