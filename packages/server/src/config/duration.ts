// Parses the duration syntax every Tessera setting accepts: `900` (seconds), `10s`, `15m`, `12h`, `30d`.

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** Returns whole seconds, or undefined when the text is not a duration. */
export function parseDuration(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isInteger(text) && text >= 0 ? text : undefined;
  const match = /^\s*(\d+)\s*([smhd]?)\s*$/.exec(text);
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = (match[2] || 's') as keyof typeof UNIT_SECONDS;
  const seconds = amount * UNIT_SECONDS[unit];
  return Number.isSafeInteger(seconds) ? seconds : undefined;
}
