import { useEffect, useRef, useState } from 'react';
import { useT } from '../../i18n/I18nProvider.js';
import { Button } from '../../ui/Button.js';
import { CameraIcon } from '../../ui/icons.js';

/** The Shape Detection API's QR reader (Chromium on Android and macOS); not in TypeScript's DOM types yet. */
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<Array<{ rawValue: string }>>;
}
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

type Reader = (video: HTMLVideoElement) => Promise<string | undefined>;

/** Frames are read a few times a second: enough to feel instant, light on a phone's battery. */
const SCAN_EVERY_MS = 200;
/** jsQR reads a downscaled frame: a QR code filling part of the view is still ~100 px, and the work drops fourfold. */
const JSQR_MAX_SIDE = 640;

/** The platform's detector when it reads QR codes, else jsQR over canvas frames (loaded only then). */
async function createReader(): Promise<Reader> {
  const Detector = (window as unknown as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  if (Detector && (await Detector.getSupportedFormats().catch((): string[] => [])).includes('qr_code')) {
    const detector = new Detector({ formats: ['qr_code'] });
    return async (video) => (await detector.detect(video))[0]?.rawValue;
  }
  const { default: jsQR } = await import('jsqr');
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  return async (video) => {
    if (!context || !video.videoWidth) return undefined;
    const scale = Math.min(1, JSQR_MAX_SIDE / Math.max(video.videoWidth, video.videoHeight));
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const frame = context.getImageData(0, 0, canvas.width, canvas.height);
    return jsQR(frame.data, frame.width, frame.height, { inversionAttempts: 'dontInvert' })?.data || undefined;
  };
}

type Status = 'idle' | 'starting' | 'scanning' | 'denied' | 'unavailable';

/**
 * The camera, started on request (a permission prompt on opening the screen
 * would surprise), reading frames until a code is found; the stream is
 * stopped when a code is read or the screen is left.
 */
export function CameraScanner({ onDetected }: { onDetected: (text: string) => void }) {
  const t = useT();
  const video = useRef<HTMLVideoElement>(null);
  const [status, setStatus] = useState<Status>('idle');
  const latest = useRef(onDetected);
  useEffect(() => {
    latest.current = onDetected;
  });

  const active = status === 'starting' || status === 'scanning';
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const run = async () => {
      if (!navigator.mediaDevices?.getUserMedia) {
        setStatus('unavailable');
        return;
      }
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
      } catch (error) {
        if (!stopped) setStatus(error instanceof DOMException && error.name === 'NotAllowedError' ? 'denied' : 'unavailable');
        return;
      }
      const element = video.current;
      if (stopped || !element) return stream.getTracks().forEach((track) => track.stop());
      element.srcObject = stream;
      await element.play().catch(() => {});
      const read = await createReader();
      setStatus('scanning');
      const tick = async () => {
        if (stopped) return;
        const text = await read(element).catch(() => undefined);
        if (stopped) return;
        if (text) {
          setStatus('idle');
          latest.current(text);
          return;
        }
        timer = setTimeout(() => void tick(), SCAN_EVERY_MS);
      };
      void tick();
    };
    void run();

    return () => {
      stopped = true;
      clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [active]);

  return (
    <section className="scanner card" data-testid="camera-scanner" data-status={status}>
      <div className={active ? 'scanner__view scanner__view--on' : 'scanner__view'}>
        <video ref={video} className="scanner__video" muted playsInline aria-label={t('wallet.scan.camera')} />
        <span className="scanner__frame" aria-hidden="true" />
        {!active && (
          <Button variant="secondary" onClick={() => setStatus('starting')} data-testid="camera-start">
            <CameraIcon size={20} /> {t('wallet.scan.startCamera')}
          </Button>
        )}
      </div>
      {status === 'scanning' && <p className="scanner__hint">{t('wallet.scan.pointAtCode')}</p>}
      {status === 'denied' && <p className="scanner__hint scanner__hint--error">{t('wallet.scan.denied')}</p>}
      {status === 'unavailable' && <p className="scanner__hint scanner__hint--error">{t('wallet.scan.noCamera')}</p>}
      {active && (
        <Button variant="ghost" size="sm" onClick={() => setStatus('idle')}>
          {t('wallet.scan.stopCamera')}
        </Button>
      )}
    </section>
  );
}
