import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="home">
      <section className="card narrow">
        <h1>Page not found</h1>
        <p className="muted">There is nothing at this address.</p>
        <Link className="button" href="/">
          Back to the demo
        </Link>
      </section>
    </main>
  );
}
