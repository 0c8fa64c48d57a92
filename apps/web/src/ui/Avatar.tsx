interface AvatarProps {
  url: string | null;
  name: string;
  alt: string;
  size?: number;
  testId?: string;
}

const PALETTE = ['#ff8a80', '#ffb74d', '#81c784', '#4fc3f7', '#9575cd', '#f06292', '#4db6ac', '#a1887f'];

/** The photo when there is one, else the first character of the name on a colour derived from it. */
export function Avatar({ url, name, alt, size = 40, testId }: AvatarProps) {
  const style = { width: size, height: size, fontSize: Math.round(size * 0.42) };
  if (url) {
    return <img className="avatar" src={url} alt={alt} width={size} height={size} style={style} data-testid={testId} />;
  }
  return (
    <span className="avatar avatar--initial" role="img" aria-label={alt} style={{ ...style, background: colourFor(name) }} data-testid={testId && `${testId}-placeholder`}>
      {firstCharacter(name)}
    </span>
  );
}

function firstCharacter(name: string): string {
  const trimmed = name.trim();
  // A grapheme, not a code unit: emoji and combined characters stay whole.
  const first = new Intl.Segmenter().segment(trimmed)[Symbol.iterator]().next().value?.segment ?? '?';
  return first.toLocaleUpperCase();
}

function colourFor(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return PALETTE[hash % PALETTE.length] ?? PALETTE[0]!;
}
