export function Loading({ label = 'Restoring your session…' }: { label?: string }) {
  return (
    <section className="card loading" aria-busy="true" data-testid="loading">
      <span className="spinner" aria-hidden="true" />
      {label}
    </section>
  );
}
