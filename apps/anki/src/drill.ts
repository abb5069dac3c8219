/**
 * org-drill's card types (SPEC: org-drill-card-type-alist, set per item by the
 * `DRILL_CARD_TYPE` property; none means `simple`) and the Anki note type nearest to each.
 * `exact: false` types are reported (`drill-card-type`), saying what the card loses.
 */
export interface DrillCardType {
  name: string;
  /** `cloze`: Cloze when the item has `[answer]` deletions, else a front/back card; `reversed`: sides as Basic (and reversed card); `basic`: front/back. */
  noteType: 'cloze' | 'reversed' | 'basic';
  exact: boolean;
  /** Why the nearest type is not the same, for the diagnostic. */
  why: string;
}

const SAME = '';
const TYPES: Record<string, Omit<DrillCardType, 'name'>> = {
  // Title and body with the deletions hidden, subheadings as the answer: Anki's Cloze, one
  // card per deletion (org-drill hides all deletions at once, Anki one per card).
  simple: { noteType: 'cloze', exact: true, why: SAME },
  // Shows the first side, then the second; and the other way round.
  twosided: { noteType: 'reversed', exact: true, why: SAME },
  // One side shown at random: Anki's reversed card makes both directions of two sides.
  multisided: {
    noteType: 'reversed',
    exact: false,
    why: 'shows one side at random; it becomes Basic (and reversed card) over its first side and the others',
  },
  // One deletion hidden at random, the others shown: what Anki's cloze cards do, each in turn.
  hide1cloze: { noteType: 'cloze', exact: true, why: SAME },
  multicloze: { noteType: 'cloze', exact: true, why: SAME },
  hide2cloze: {
    noteType: 'cloze',
    exact: false,
    why: 'hides two deletions at random; Anki has no such card, so it becomes one Cloze card per deletion',
  },
  show1cloze: {
    noteType: 'cloze',
    exact: false,
    why: 'shows one deletion and hides the others; Anki has no such card, so it becomes one Cloze card per deletion',
  },
  show2cloze: {
    noteType: 'cloze',
    exact: false,
    why: 'shows two deletions and hides the others; Anki has no such card, so it becomes one Cloze card per deletion',
  },
  hide1_firstmore: {
    noteType: 'cloze',
    exact: false,
    why: 'weights the first deletion; Anki has no such card, so it becomes one Cloze card per deletion',
  },
  show1_lastmore: {
    noteType: 'cloze',
    exact: false,
    why: 'shows one deletion, the last more often; Anki has no such card, so it becomes one Cloze card per deletion',
  },
  show1_firstless: {
    noteType: 'cloze',
    exact: false,
    why: 'shows one deletion, the first less often; Anki has no such card, so it becomes one Cloze card per deletion',
  },
  // Generated from tables of forms by Emacs Lisp at review time: no Anki note type does that.
  conjugate: {
    noteType: 'basic',
    exact: false,
    why: 'is drawn from a table of verb forms while reviewing; Anki has no equivalent, so it is a front/back card of the item as written',
  },
  decline_noun: {
    noteType: 'basic',
    exact: false,
    why: 'is drawn from a table of noun forms while reviewing; Anki has no equivalent, so it is a front/back card of the item as written',
  },
  spanish_verb: {
    noteType: 'basic',
    exact: false,
    why: 'is drawn from verb forms while reviewing; Anki has no equivalent, so it is a front/back card of the item as written',
  },
  translate_number: {
    noteType: 'basic',
    exact: false,
    why: 'draws a random number while reviewing; Anki has no equivalent, so it is a front/back card of the item as written',
  },
};

/** The card type named by a `DRILL_CARD_TYPE` value (none: `simple`); an unknown name is a front/back card, reported. */
export function drillCardType(property: string | undefined): DrillCardType {
  const name = property?.trim() || 'simple';
  const known = TYPES[name.toLowerCase()];
  if (known) return { name, ...known };
  return {
    name,
    noteType: 'basic',
    exact: false,
    why: 'is not one org-drill defines (org-drill-card-type-alist); it is a front/back card',
  };
}
