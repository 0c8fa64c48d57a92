import { useEffect, useRef } from 'react';

interface TabsProps<T extends string> {
  label: string;
  options: readonly { value: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
  testIdPrefix?: string;
}

/** An underlined tab strip for switching the list below it; arrow keys move between tabs. */
export function Tabs<T extends string>({ label, options, value, onChange, testIdPrefix }: TabsProps<T>) {
  const strip = useRef<HTMLDivElement>(null);
  // A strip wider than the screen scrolls: keep the selected tab in view.
  useEffect(() => {
    strip.current?.querySelector<HTMLElement>('[aria-selected="true"]')?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [value]);
  const move = (event: React.KeyboardEvent, index: number) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = options[(index + step + options.length) % options.length];
    if (next) onChange(next.value);
    event.preventDefault();
  };
  return (
    <div className="tabs" role="tablist" aria-label={label} ref={strip}>
      {options.map((option, index) => {
        const selected = option.value === value;
        return (
          <button
            key={option.value}
            type="button"
            role="tab"
            aria-selected={selected}
            tabIndex={selected ? 0 : -1}
            className={selected ? 'tabs__tab tabs__tab--active' : 'tabs__tab'}
            onClick={() => onChange(option.value)}
            onKeyDown={(event) => move(event, index)}
            data-testid={testIdPrefix && `${testIdPrefix}-${option.value}`}
          >
            {option.label}
          </button>
        );
      })}
    </div>
  );
}
