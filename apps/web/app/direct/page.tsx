import { redirect } from 'next/navigation';

export default function DirectIndex() {
  redirect('/direct/posts');
}
