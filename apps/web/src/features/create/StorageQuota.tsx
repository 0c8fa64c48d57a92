import type { StorageQuota as Quota } from '@souk/contracts';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider.js';
import { fileSize } from '../../lib/format.js';
import { fetchQuota } from '../media/media.api.js';

/** "Storage: 12 MB of 1 GB", refreshed whenever an upload finishes (`version` changes). */
export function StorageQuota({ version }: { version: number }) {
  const { t, locale } = useI18n();
  const [quota, setQuota] = useState<Quota>();

  useEffect(() => {
    const controller = new AbortController();
    fetchQuota(controller.signal).then(setQuota, () => {}); // only a hint: without it the form works the same
    return () => controller.abort();
  }, [version]);

  if (!quota) return null;
  const nearlyFull = quota.usedBytes > quota.limitBytes * 0.9;
  return (
    <p className={nearlyFull ? 'storage-quota storage-quota--full' : 'storage-quota'} data-testid="storage-quota">
      {t('compose.storage', { used: fileSize(quota.usedBytes, locale), limit: fileSize(quota.limitBytes, locale) })}
    </p>
  );
}
