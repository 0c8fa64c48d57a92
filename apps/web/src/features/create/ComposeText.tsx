import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useI18n } from '../../i18n/I18nProvider.js';
import { compactCount } from '../../lib/format.js';
import { activeToken, applyCompletion, hashtagText } from '../../lib/rich-text.js';
import { Avatar } from '../../ui/Avatar.js';
import { Field } from '../../ui/Field.js';
import { HashIcon } from '../../ui/icons.js';
import { useSuggestions, type Suggestion } from './use-suggestions.js';

interface ComposeTextProps {
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  maxChars: number;
  rows?: number;
  testId?: string;
}

/**
 * The post text: a live "used / max" counter, and completions for the
 * hashtag or mention being typed (arrow keys and Enter, or a tap).
 */
export function ComposeText({ label, placeholder, value, onChange, maxChars, rows = 6, testId }: ComposeTextProps) {
  const { t, tn, locale } = useI18n();
  const id = useId();
  const listId = `${id}-suggestions`;
  const field = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(0);
  const [dismissed, setDismissed] = useState<number>();
  const [highlight, setHighlight] = useState(0);
  const token = activeToken(value, caret);
  const open = token && dismissed !== token.start ? token : undefined;
  const suggestions = useSuggestions(open);
  const showing = suggestions.length > 0;
  const used = [...value].length;

  // Where the caret goes once the completed text is in the field: set in the same commit, before the next key press lands.
  const pendingCaret = useRef<number | undefined>(undefined);
  useLayoutEffect(() => {
    const position = pendingCaret.current;
    if (position === undefined) return;
    pendingCaret.current = undefined;
    field.current?.focus();
    field.current?.setSelectionRange(position, position);
  });

  const syncCaret = () => setCaret(field.current?.selectionStart ?? value.length);

  const choose = (suggestion: Suggestion) => {
    if (!open) return;
    const completion = suggestion.kind === 'hashtag' ? hashtagText(suggestion.hashtag.name) : `@${suggestion.user.handle}`;
    const next = applyCompletion(value, open, completion);
    onChange(next.text);
    setCaret(next.caret);
    setHighlight(0);
    pendingCaret.current = next.caret;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!showing || !open) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setHighlight((index) => (index + step + suggestions.length) % suggestions.length);
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      const suggestion = suggestions[Math.min(highlight, suggestions.length - 1)];
      if (suggestion) choose(suggestion);
    } else if (event.key === 'Escape') {
      setDismissed(open.start);
    } else {
      return;
    }
    event.preventDefault();
  };

  const counter = <span className={used > maxChars ? 'counter counter--over' : 'counter'} data-testid={testId && `${testId}-counter`}>{used}/{maxChars}</span>;
  return (
    <Field id={id} label={label} aside={counter} error={used > maxChars ? t('validation.maxLength', { max: maxChars }) : undefined}>
      <div className="compose-text">
        <textarea
          ref={field}
          id={id}
          className="input input--multiline compose-text__input"
          value={value}
          rows={rows}
          placeholder={placeholder}
          onChange={(event) => {
            onChange(event.target.value);
            setCaret(event.target.selectionStart);
            setHighlight(0);
          }}
          onSelect={syncCaret}
          onClick={syncCaret}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setDismissed(open?.start), 150)}
          onFocus={() => setDismissed(undefined)}
          role="combobox"
          aria-expanded={showing}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={showing ? `${listId}-${highlight}` : undefined}
          aria-invalid={used > maxChars || undefined}
          data-testid={testId}
        />
        {showing && (
          <ul className="suggestions" id={listId} role="listbox" aria-label={t(open?.kind === 'hashtag' ? 'compose.hashtagSuggestions' : 'compose.mentionSuggestions')} data-testid="suggestions">
            {suggestions.map((suggestion, index) => (
              <li
                key={suggestion.kind === 'hashtag' ? suggestion.hashtag.key : suggestion.user.id}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === highlight}
                className={index === highlight ? 'suggestion suggestion--active' : 'suggestion'}
                // Pointer down, not click: the textarea must not lose the caret first.
                onPointerDown={(event) => {
                  event.preventDefault();
                  choose(suggestion);
                }}
                data-testid="suggestion"
              >
                {suggestion.kind === 'hashtag' ? (
                  <>
                    <span className="suggestion__icon">
                      <HashIcon size={18} />
                    </span>
                    <span className="suggestion__main">{suggestion.hashtag.name}</span>
                    <span className="suggestion__meta">{tn('hashtag.posts', suggestion.hashtag.postCount, compactCount(suggestion.hashtag.postCount, locale))}</span>
                  </>
                ) : (
                  <>
                    <Avatar url={suggestion.user.avatarUrl} name={suggestion.user.displayName} alt="" size={28} />
                    <span className="suggestion__main">{suggestion.user.displayName}</span>
                    <span className="suggestion__meta">@{suggestion.user.handle}</span>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </Field>
  );
}
