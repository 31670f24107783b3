// The user object every endpoint answers with, in a module of its own: the hooks' types (config) need it, and the
// user store needs the config, so it cannot live there without an import cycle.

/** The user object every endpoint answers with. */
export interface PublicUser {
  id: string;
  email: string;
  name: string | null;
  email_verified: boolean;
  created_at: string;
  [customField: string]: unknown;
}
