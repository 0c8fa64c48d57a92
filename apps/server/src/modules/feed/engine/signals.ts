import type { RankingObjective } from '@souk/contracts';
import type { EngineSignal } from './types.js';

export const OBJECTIVES: readonly RankingObjective[] = ['like', 'long_watch', 'share', 'follow', 'purchase'];

/** What one signal says: how much the user wants more like it (negative: less), and which ranking objectives it fulfils (a bit per OBJECTIVES entry). */
export interface SignalGrade {
  strength: number;
  objectives: number;
}

const bit = (objective: RankingObjective): number => 1 << OBJECTIVES.indexOf(objective);

const NEUTRAL: SignalGrade = Object.freeze({ strength: 0, objectives: 0 });

/**
 * Graded by effort and intent: an impression is only exposure (the ranker's
 * denominator), a finished video or a long read is an implicit positive, an
 * explicit action is a stronger one, and a skip or "not interested" says no.
 */
const grade = (strength: number, objectives = 0): SignalGrade => Object.freeze({ strength, objectives });

const FIXED: Readonly<Record<Exclude<EngineSignal['kind'], 'watch' | 'dwell'>, SignalGrade>> = {
  impression: NEUTRAL,
  like: grade(1, bit('like')),
  bookmark: grade(1.5, bit('like')),
  comment: grade(1.5, bit('like')),
  share: grade(2, bit('share')),
  follow: grade(2, bit('follow')),
  purchase: grade(3, bit('purchase')),
  profile_visit: grade(0.5),
  product_click: grade(0.5),
  skip: grade(-1),
  not_interested: grade(-3),
};

const GLANCE = grade(-0.5);
const PARTIAL = grade(0.5);
const LONG = grade(1, bit('long_watch'));
const LOOPED = grade(1.5, bit('long_watch'));

export function gradeSignal(signal: EngineSignal): SignalGrade {
  if (signal.kind === 'watch') return gradeWatch(signal.watchShare ?? 0);
  if (signal.kind === 'dwell') return gradeDwell(signal.dwellMs ?? 0);
  return FIXED[signal.kind];
}

/** Share of a video watched: under a fifth is a swipe away, most of it is a long watch, a loop is more. */
function gradeWatch(share: number): SignalGrade {
  if (share < 0.2) return GLANCE;
  if (share < 0.5) return NEUTRAL;
  if (share < 0.8) return PARTIAL;
  return share >= 2 ? LOOPED : LONG;
}

/** Time on a note: under two seconds is a glance, half a minute is a read (a note's long watch). */
function gradeDwell(ms: number): SignalGrade {
  if (ms < 2000) return GLANCE;
  if (ms < 8000) return NEUTRAL;
  if (ms < 30_000) return PARTIAL;
  return LONG;
}
