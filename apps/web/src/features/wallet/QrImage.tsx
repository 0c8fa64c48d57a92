import { useEffect, useState } from 'react';

interface QrImageProps {
  /** The text to encode: an EMVCo payload, or an 18-digit pay code. */
  payload: string;
  alt: string;
  size?: number;
  testId?: string;
}

/**
 * A QR code drawn in the browser as SVG (sharp at any size and on paper),
 * with medium error correction, which a phone camera reads through glare and
 * a crumpled print.
 */
export function QrImage({ payload, alt, size = 232, testId }: QrImageProps) {
  const [source, setSource] = useState<{ payload: string; url: string }>();

  useEffect(() => {
    let current = true;
    // Loaded on first use: only wallet screens draw codes.
    import('qrcode')
      .then(({ toString }) => toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }))
      .then(
      (svg) => current && setSource({ payload, url: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` }),
      () => current && setSource(undefined),
    );
    return () => {
      current = false;
    };
  }, [payload]);

  const ready = source?.payload === payload;
  return (
    <div className="qr-image" style={{ width: size, height: size }}>
      {ready ? (
        <img src={source.url} alt={alt} width={size} height={size} data-testid={testId} data-payload={payload} />
      ) : (
        <span className="skeleton qr-image__placeholder" aria-hidden="true" />
      )}
    </div>
  );
}
