import { describe, expect, it } from 'vitest';
import { personReach, recordedIn } from '../../src/domain/access/person-scope.js';

describe('person-scope', () => {
  it('gives the whole file to every facility at once, and to the facility answerable for the person', () => {
    expect(personReach(null, 'B', ['A', 'B'])).toBe('full');
    expect(personReach(['*'], 'B', ['A'])).toBe('full');
    expect(personReach(['B', 'C'], 'B', ['A', 'B'])).toBe('full');
  });

  it('gives a facility that held the person before its own past, and any other nothing', () => {
    expect(personReach(['A'], 'B', ['A', 'B'])).toBe('past');
    expect(personReach(['C'], 'B', ['A', 'B', null])).toBe('none');
    expect(personReach([], 'B', ['B'])).toBe('none');
    expect(personReach(['A'], null, [])).toBe('none');
  });

  it('counts as a facility’s history what was recorded there and the transfer that took the person away', () => {
    const transfer = {
      facility: 'B',
      kind: 'custody.transferred',
      payload: { fromFacility: 'A', toFacility: 'B' },
    };
    expect(recordedIn(['A'], transfer)).toBe(true);
    expect(recordedIn(['C'], transfer)).toBe(false);
    expect(recordedIn(['A'], { facility: 'A', kind: 'incident.recorded', payload: {} })).toBe(true);
    expect(recordedIn(['A'], { facility: 'B', kind: 'custody.moved', payload: { fromFacility: 'A' } })).toBe(
      false,
    );
    expect(recordedIn(['A'], { facility: null, kind: 'non-association.closed', payload: {} })).toBe(false);
  });
});
