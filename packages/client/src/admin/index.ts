// @tessera/client/admin: the admin API (list and search users, disable, enable, sign out, delete, impersonate) as
// functions of a superuser's client. A subpath of its own: only an admin screen ships it.
export {
  deleteUser,
  disableUser,
  enableUser,
  endImpersonation,
  getUser,
  impersonateUser,
  listUsers,
  signOutUser,
  type AdminUser,
  type AdminUserDetail,
  type AdminUserQuery,
  type ImpersonationToken,
} from './admin.js';
