import { useState, type FormEvent } from 'react';
import { useRouter } from '../../app/router.js';
import { useT } from '../../i18n/I18nProvider.js';
import { SearchIcon } from '../../ui/icons.js';
import { listQueryFrom, shopHref } from './shop-paths.js';

/** The product search box; a search keeps the list's sort and price filters but leaves any category. */
export function ShopSearchBar({ initial = '', autoFocus = false }: { initial?: string; autoFocus?: boolean }) {
  const t = useT();
  const { navigate, search } = useRouter();
  const [text, setText] = useState(initial);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const q = text.trim();
    navigate(shopHref.search({ ...listQueryFrom(search), q }));
  };

  return (
    <form className="shop-search" role="search" onSubmit={submit}>
      <SearchIcon size={18} />
      <input
        className="shop-search__input"
        type="search"
        enterKeyHint="search"
        value={text}
        onChange={(event) => setText(event.target.value)}
        placeholder={t('shop.searchPlaceholder')}
        aria-label={t('shop.searchPlaceholder')}
        autoFocus={autoFocus}
        data-testid="shop-search"
      />
    </form>
  );
}
