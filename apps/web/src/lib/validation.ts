import type { Translate } from '../i18n/translate.js';

// Client-side mirrors of the contracts' rules, for instant feedback; the server stays the authority.
const HANDLE = /^[A-Za-z0-9_]{3,30}$/;

const length = (value: string) => [...value].length;

export function validateHandle(value: string, t: Translate): string | undefined {
  if (!value) return t('validation.required');
  return HANDLE.test(value) ? undefined : t('validation.handle');
}

export function validateDisplayName(value: string, t: Translate): string | undefined {
  if (!value.trim()) return t('validation.required');
  return length(value) > 50 ? t('validation.maxLength', { max: 50 }) : undefined;
}

export function validateNewPassword(value: string, t: Translate): string | undefined {
  if (!value) return t('validation.required');
  return length(value) < 8 || length(value) > 200 ? t('validation.passwordLength') : undefined;
}

export function validateRequired(value: string, t: Translate): string | undefined {
  return value ? undefined : t('validation.required');
}

export function validateBio(value: string, t: Translate): string | undefined {
  return length(value) > 300 ? t('validation.maxLength', { max: 300 }) : undefined;
}

export function hasErrors(errors: Record<string, string | undefined>): boolean {
  return Object.values(errors).some(Boolean);
}
