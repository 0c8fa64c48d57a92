interface BadgeProps {
  count: number;
  label: string;
  testId?: string;
}

/** A red count bubble, hidden at zero; the visible text caps at 99+ but the label keeps the exact count. */
export function Badge({ count, label, testId }: BadgeProps) {
  if (count <= 0) return null;
  return (
    <span className="badge" role="status" aria-label={label} data-testid={testId}>
      {count > 99 ? '99+' : count}
    </span>
  );
}
