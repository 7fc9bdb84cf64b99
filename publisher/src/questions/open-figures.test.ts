import { roundsHeld, suggestionCounts, type Round } from './open-figures';

/** The public figures' counting rules: a round is held once it has started; outcomes count only once answered. */
const round = (startsOn: string, endsOn: string): Round => ({ title: startsOn, site: 'juxian-portal', department: null, startsOn, endsOn });

it('counts rounds that have started by today, and within a year from its first day', () => {
  const rounds = [round('2025-11-01', '2025-11-30'), round('2026-03-01', '2026-03-15'), round('2026-12-01', '2026-12-20'), round('2026-12-10', '2026-12-31')];
  expect(roundsHeld(rounds, '2026-12-03')).toBe(3);
  expect(roundsHeld(rounds, '2026-12-03', '2026-01-01')).toBe(2);
  expect(roundsHeld(rounds, '2026-12-10')).toBe(4);
});

it('counts suggestions handled, replied and by outcome, leaving questions and unanswered outcomes out', () => {
  const q = (kind: 'question' | 'suggestion', status: 'pending' | 'answered' | 'declined', outcome: string | null = null) => ({ kind, status, outcome });
  expect(suggestionCounts([
    q('question', 'answered'), q('suggestion', 'pending'), q('suggestion', 'answered', 'adopted'), q('suggestion', 'answered', 'partly_adopted'),
    q('suggestion', 'answered', 'not_adopted'), q('suggestion', 'declined'), q('suggestion', 'pending', 'adopted'),
  ])).toEqual({ suggestions: 6, replied: 3, adopted: 1, partlyAdopted: 1, notAdopted: 1 });
});
