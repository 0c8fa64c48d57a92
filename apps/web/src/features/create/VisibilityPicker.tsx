import type { Visibility } from '@souk/contracts';
import { useT } from '../../i18n/I18nProvider.js';
import { VISIBILITY_OPTIONS } from '../social/visibility.js';

/** Who will see the post: four radio rows, each saying what it means. */
export function VisibilityPicker({ value, onChange }: { value: Visibility; onChange: (value: Visibility) => void }) {
  const t = useT();
  return (
    <fieldset className="visibility-picker">
      <legend className="field__label">{t('compose.visibility')}</legend>
      {VISIBILITY_OPTIONS.map((option) => (
        <label key={option.value} className={option.value === value ? 'visibility-option visibility-option--active' : 'visibility-option'}>
          <input
            type="radio"
            name="visibility"
            value={option.value}
            checked={option.value === value}
            onChange={() => onChange(option.value)}
            data-testid={`visibility-${option.value}`}
          />
          <span className="visibility-option__icon">{option.icon}</span>
          <span className="visibility-option__text">
            <span className="visibility-option__label">{t(option.label)}</span>
            <span className="visibility-option__hint">{t(option.hint)}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
