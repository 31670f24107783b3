'use client';
import { DirectGuard } from '@/direct/direct-guard';
import { useDirectSecurity } from '@/direct/use-direct-security';
import { SecurityView } from '@/security/security-view';

function Security() {
  return <SecurityView api={useDirectSecurity()} />;
}

export default function DirectSecurityPage() {
  return (
    <DirectGuard>
      <Security />
    </DirectGuard>
  );
}
