interface Option<T extends string> {
  value: T;
  label: string;
}

interface SegmentedControlProps<T extends string> {
  label: string;
  options: readonly Option<T>[];
  value: T;
  onChange: (value: T) => void;
  disabled?: boolean;
  testIdPrefix?: string;
}

/** A radio group drawn as a pill switch; arrow keys move between options natively. */
export function SegmentedControl<T extends string>({ label, options, value, onChange, disabled, testIdPrefix }: SegmentedControlProps<T>) {
  return (
    <div className="segmented" role="radiogroup" aria-label={label}>
      {options.map((option) => (
        <label key={option.value} className={option.value === value ? 'segmented__option segmented__option--active' : 'segmented__option'}>
          <input
            type="radio"
            name={label}
            value={option.value}
            checked={option.value === value}
            disabled={disabled}
            onChange={() => onChange(option.value)}
            data-testid={testIdPrefix && `${testIdPrefix}-${option.value}`}
          />
          <span>{option.label}</span>
        </label>
      ))}
    </div>
  );
}
