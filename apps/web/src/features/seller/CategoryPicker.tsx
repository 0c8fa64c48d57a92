import type { CategoryNode, CategoryNames } from '@souk/contracts';
import { useEffect, useId, useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider.js';
import { describedBy, Field } from '../../ui/Field.js';
import { sellerErrorMessage } from './seller-errors.js';
import { fetchCategories } from './seller.api.js';

/**
 * The category tree (two levels) as a native select with one group per
 * top-level category: on a phone it opens the system's own picker. A top
 * category with no children is itself a choice.
 */
export function CategoryPicker({ value, onChange, error }: { value: string; onChange: (id: string) => void; error?: string | undefined }) {
  const { t, locale } = useI18n();
  const id = useId();
  const [tree, setTree] = useState<CategoryNode[]>();
  const [loadError, setLoadError] = useState<unknown>();
  const name = (names: CategoryNames) => names[locale] || names.en;

  useEffect(() => {
    const controller = new AbortController();
    fetchCategories(controller.signal).then(
      (loaded) => setTree(loaded.categories),
      (caught: unknown) => controller.signal.aborted || setLoadError(caught),
    );
    return () => controller.abort();
  }, []);

  const shownError = error ?? (loadError !== undefined ? sellerErrorMessage(loadError, t) : undefined);
  return (
    <Field id={id} label={t('seller.product.category')} error={shownError}>
      <select
        id={id}
        className="input select"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        disabled={!tree}
        aria-invalid={shownError ? true : undefined}
        aria-describedby={describedBy(id, undefined, shownError)}
        data-testid="product-category"
      >
        <option value="">{tree ? t('seller.product.categoryPick') : t('app.loading')}</option>
        {tree?.map((top) =>
          top.children.length === 0 ? (
            <option key={top.id} value={top.id}>
              {name(top.names)}
            </option>
          ) : (
            <optgroup key={top.id} label={name(top.names)}>
              {top.children.map((child) => (
                <option key={child.id} value={child.id}>
                  {name(child.names)}
                </option>
              ))}
            </optgroup>
          ),
        )}
      </select>
    </Field>
  );
}
