import type { RankingObjective } from '@souk/contracts';
import type { EngineSignal } from './types.js';

export const OBJECTIVES: readonly RankingObjective[] = ['like', 'long_watch', 'share', 'follow', 'purchase'];

/** What one signal says: how much the user wants more like it (negative: less), and which ranking objectives it fulfils (a bit per OBJECTIVES entry). */
export interface SignalGrade {
  strength: number;
  objectives: number;
}

const bit = (objective: RankingObjective): number => 1 << OBJECTIVES.indexOf(objective);

const NEUTRAL: SignalGrade = { strength: 0, objectives: 0 };

/**
 * Graded by effort and intent: an impression is only exposure (the ranker's
 * denominator), a finished video or a long read is an implicit positive, an
 * explicit action is a stronger one, and a skip or "not interested" says no.
 */
export function gradeSignal(signal: EngineSignal): SignalGrade {
  switch (signal.kind) {
    case 'impression':
      return NEUTRAL;
    case 'watch':
      return gradeWatch(signal.watchShare ?? 0);
    case 'dwell':
      return gradeDwell(signal.dwellMs ?? 0);
    case 'like':
      return { strength: 1, objectives: bit('like') };
    case 'bookmark':
      return { strength: 1.5, objectives: bit('like') };
    case 'comment':
      return { strength: 1.5, objectives: bit('like') };
    case 'share':
      return { strength: 2, objectives: bit('share') };
    case 'follow':
      return { strength: 2, objectives: bit('follow') };
    case 'purchase':
      return { strength: 3, objectives: bit('purchase') };
    case 'profile_visit':
    case 'product_click':
      return { strength: 0.5, objectives: 0 };
    case 'skip':
      return { strength: -1, objectives: 0 };
    case 'not_interested':
      return { strength: -3, objectives: 0 };
  }
}

/** Share of a video watched: under a fifth is a swipe away, most of it is a long watch, a loop is more. */
function gradeWatch(share: number): SignalGrade {
  if (share < 0.2) return { strength: -0.5, objectives: 0 };
  if (share < 0.5) return NEUTRAL;
  if (share < 0.8) return { strength: 0.5, objectives: 0 };
  return { strength: share >= 2 ? 1.5 : 1, objectives: bit('long_watch') };
}

/** Time on a note: under two seconds is a glance, half a minute is a read (a note's long watch). */
function gradeDwell(ms: number): SignalGrade {
  if (ms < 2000) return { strength: -0.5, objectives: 0 };
  if (ms < 8000) return NEUTRAL;
  if (ms < 30_000) return { strength: 0.5, objectives: 0 };
  return { strength: 1, objectives: bit('long_watch') };
}
