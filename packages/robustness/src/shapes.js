// Adversarial shapes of Org input, generated at any size: the hostile tests convert them at one
// large size, the growth tests compare load-independent measures (output bytes, model nodes,
// parser steps) at two sizes, and `pnpm bench --complexity` (tooling/bench) times every stage
// on them at several sizes and fits the exponent of the cost. Megabytes are not committed.

/** Texts of the generators, by the parameter each takes. */
export const GENERATORS = {
  /** Headings nested `depth` levels deep, each with a line of text. */
  deepHeadings: (depth) =>
    Array.from(
      { length: depth },
      (_, i) => `${'*'.repeat(i + 1)} Level ${i + 1}\nText ${i + 1}.\n`,
    ).join(''),
  /** A list nested `depth` levels deep (each item indented two more columns). */
  deepList: (depth) =>
    Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}- item ${i + 1}\n`).join(''),
  /** One line of about `bytes` bytes: words with some markup. */
  longLine: (bytes) => {
    const unit = 'lorem ipsum dolor *sit* amet, consectetur ~adipiscing~ elit ';
    return `* Long\n${unit.repeat(Math.ceil(bytes / unit.length))}\n`;
  },
  /** `count` emphasis, code and link openers that never close (uniorg-parse was cubic here). */
  unbalancedEmphasis: (count) => {
    const markers = ['*a ', '/b ', '_c ', '+d ', '=e ', '~f ', '[[g '];
    return `* Stray markers\n${Array.from({ length: count }, (_, i) => markers[i % markers.length]).join('')}\n`;
  },
  /** A table of `rows` rows under a header rule. */
  bigTable: (rows) =>
    `* Table\n| key | value | note |\n|-----+-------+------|\n${Array.from({ length: rows }, (_, i) => `| k${i} | ${i * 7} | *n* ${i} |\n`).join('')}`,
  /** Many files linking to each other by ID, spread over 100 folders. */
  files: (count) =>
    Array.from({ length: count }, (_, i) => ({
      path: `d${i % 100}/n${i}.org`,
      text: `* Note ${i}\n:PROPERTIES:\n:ID: id-${i}\n:END:\nSee [[id:id-${(i + 1) % count}][the next note]].\n`,
    })),
};

const single = (generate) => (n) => [{ path: 'x.org', text: generate(n) }];

/**
 * The shapes as note sets, each with a base size parameter: `sizes(k)` gives k sizes whose
 * inputs double in bytes from one to the next (nesting depth d costs about d² bytes, since
 * each level is indented further, so depth grows by √2). At the base size every stage takes
 * well under a second.
 */
export const SHAPES = [
  {
    name: 'unclosed emphasis markers',
    make: single(GENERATORS.unbalancedEmphasis),
    base: 5_000,
    growth: 2,
  },
  { name: 'deeply nested lists', make: single(GENERATORS.deepList), base: 141, growth: Math.SQRT2 },
  {
    name: 'deeply nested headings',
    make: single(GENERATORS.deepHeadings),
    base: 150,
    growth: Math.SQRT2,
  },
  { name: 'one long line of markup', make: single(GENERATORS.longLine), base: 100_000, growth: 2 },
  { name: 'a long table', make: single(GENERATORS.bigTable), base: 600, growth: 2 },
  { name: 'many files', make: GENERATORS.files, base: 250, growth: 2 },
].map((shape) => ({
  ...shape,
  sizes: (count) =>
    Array.from({ length: count }, (_, i) => Math.round(shape.base * shape.growth ** i)),
}));

/** UTF-8 bytes of a set of sources. */
export const sourceBytes = (sources) =>
  sources.reduce((sum, s) => sum + Buffer.byteLength(s.text), 0);
