// Where Debian's Chromium is: the one browser the tests use (never a downloaded build).
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
