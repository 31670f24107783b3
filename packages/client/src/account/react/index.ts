'use client';
// @tessera/client/account/react: the account calls as a hook of the <AuthProvider>'s client.
export { useAccount, type AccountActions, type UseAccountResult } from './use-account.js';
