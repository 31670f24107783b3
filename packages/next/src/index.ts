// @tessera/next: Tessera on the Next.js server (App Router and Pages Router). Edge-safe: jose and web APIs only.
export { createTesseraNext, type TesseraNext } from './create-tessera-next.js';
export type { TesseraNextOptions, Upstream, ClientAddressOption } from './options.js';
export type { ProxyHelper, ProxyOptions, ProxyResult } from './proxy-helper.js';
export type { RouteHandler } from './route-handler.js';
export type { Auth, Session, SessionFunctions } from './session.js';
export type { NodeRequestLike, SessionSource } from './session-source.js';
export type { AccessClaims } from './access-claims.js';
export type { TesseraUser } from './user-lookup.js';
export { TesseraNextError, type TesseraNextErrorCode } from './errors.js';
