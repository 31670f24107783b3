import { redirect } from 'next/navigation';

export default function NextAuthIndex() {
  redirect('/next-auth/posts');
}
