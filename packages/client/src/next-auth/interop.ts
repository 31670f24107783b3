// next-auth ships CommonJS with `exports.default`: Node's ESM loader hands out module.exports, bundlers the default.

/** The default export of a CommonJS module, whichever loader imported it. */
export function interopDefault<T>(imported: T | { default: T }): T {
  const unwrapped = (imported as { default?: T }).default;
  return typeof imported === 'function' || unwrapped === undefined ? (imported as T) : unwrapped;
}
