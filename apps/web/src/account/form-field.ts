// A text field of a submitted form ('' when missing; a file input never is one here).
export function field(form: HTMLFormElement, name: string): string {
  const value = new FormData(form).get(name);
  return typeof value === 'string' ? value : '';
}
