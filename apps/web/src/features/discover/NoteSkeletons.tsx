const HEIGHTS = [220, 170, 190, 240, 160, 210];

/** Greyed note cards in the two-column layout the feed will use, hinting at what is coming. */
export function NoteSkeletons() {
  return (
    <div className="note-grid" aria-hidden="true">
      {HEIGHTS.map((height, index) => (
        <div key={index} className="note-skeleton">
          <div className="note-skeleton__cover" style={{ height }} />
          <div className="note-skeleton__line" />
          <div className="note-skeleton__line note-skeleton__line--short" />
        </div>
      ))}
    </div>
  );
}
