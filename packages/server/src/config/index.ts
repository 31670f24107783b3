// Configuration: the options, how they are read from the environment, and how they are checked and frozen.
export { ConfigError } from './config-error.js';
export { optionsFromEnv, type Env } from './options-from-env.js';
export type { ClaimsHook, HookUser, TesseraHooks, JwtAlgorithm, Logger, TesseraOptions, UserFieldSpec } from './options.js';
export { resolveConfig, type ResolvedConfig } from './resolve-config.js';
