// A QR code drawn here, as SVG, from the text it encodes (uqr): the TOTP secret never leaves the page for an image API.
import { encode } from 'uqr';

export function QrCode({ value, label, size = 184 }: { value: string; label: string; size?: number }) {
  // ECC M: still readable from a screen photographed at an angle; border 2 modules of quiet zone.
  const { data, size: modules } = encode(value, { ecc: 'M', border: 2 });
  // One path of unit squares: a few hundred nodes fewer than a <rect> per module.
  const path = data.flatMap((row, y) => row.map((dark, x) => (dark ? `M${x} ${y}h1v1h-1z` : ''))).join('');
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${modules} ${modules}`}
      width={size}
      height={size}
      shapeRendering="crispEdges"
      data-testid="totp-qr"
    >
      <rect width={modules} height={modules} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
