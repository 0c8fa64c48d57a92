import type { ProductOption, Sku } from '@souk/contracts';
import { useI18n } from '../../i18n/I18nProvider.js';
import { MinusIcon } from './shop-icons.js';
import { PlusIcon } from '../../ui/icons.js';
import { isSelectable, type Selection } from './sku-options.js';

interface SkuPickerProps {
  options: readonly ProductOption[];
  skus: readonly Sku[];
  selection: Selection;
  onPick: (option: string, value: string) => void;
}

/** One row of chips per option; a value no SKU with stock has (with the other picks) is greyed out and cannot be picked. */
export function SkuPicker({ options, skus, selection, onPick }: SkuPickerProps) {
  return (
    <div className="sku-picker" data-testid="sku-picker">
      {options.map((option) => (
        <fieldset key={option.name} className="sku-picker__option">
          <legend className="sku-picker__name">{option.name}</legend>
          <div className="sku-picker__values">
            {option.values.map((value) => {
              const picked = selection[option.name] === value;
              const selectable = isSelectable(skus, selection, option.name, value);
              return (
                <button
                  key={value}
                  type="button"
                  className={['sku-chip', picked && 'sku-chip--picked', !selectable && 'sku-chip--out'].filter(Boolean).join(' ')}
                  aria-pressed={picked}
                  disabled={!selectable && !picked}
                  onClick={() => onPick(option.name, value)}
                  data-testid={`option-${option.name}-${value}`}
                >
                  {value}
                </button>
              );
            })}
          </div>
        </fieldset>
      ))}
    </div>
  );
}

interface StepperProps {
  value: number;
  min?: number;
  max: number;
  onChange: (value: number) => void;
  label: string;
  disabled?: boolean;
  testId?: string;
}

/** − n +, bounded; the buttons stop at the bounds rather than letting the server refuse. */
export function QuantityStepper({ value, min = 1, max, onChange, label, disabled, testId = 'quantity' }: StepperProps) {
  const { t } = useI18n();
  return (
    <div className="stepper" role="group" aria-label={label} data-testid={testId}>
      <button type="button" className="stepper__button" onClick={() => onChange(value - 1)} disabled={disabled || value <= min} aria-label={t('shop.quantityLess')} data-testid={`${testId}-less`}>
        <MinusIcon size={16} />
      </button>
      <output className="stepper__value" data-testid={`${testId}-value`}>
        {value}
      </output>
      <button type="button" className="stepper__button" onClick={() => onChange(value + 1)} disabled={disabled || value >= max} aria-label={t('shop.quantityMore')} data-testid={`${testId}-more`}>
        <PlusIcon size={16} />
      </button>
    </div>
  );
}
