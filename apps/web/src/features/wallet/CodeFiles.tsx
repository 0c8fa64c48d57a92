import { useT } from '../../i18n/I18nProvider.js';
import { DownloadIcon } from './wallet-icons.js';
import { codeFiles } from './wallet.api.js';

/** Links to a merchant code as PNG, SVG and a printable A6 poster, rendered by the server. */
export function CodeFiles({ codeId }: { codeId: string }) {
  const t = useT();
  const files = codeFiles(codeId);
  return (
    <div className="code-files">
      <a className="button button--primary button--sm" href={files.poster} target="_blank" rel="noreferrer" data-testid="poster-link">
        <DownloadIcon size={18} />
        <span>{t('wallet.receive.poster')}</span>
      </a>
      <a className="button button--secondary button--sm" href={files.png} download data-testid="png-link">
        <span>PNG</span>
      </a>
      <a className="button button--secondary button--sm" href={files.svg} download data-testid="svg-link">
        <span>SVG</span>
      </a>
    </div>
  );
}
