/**
 * Org documents generated from a grammar of the constructs the model knows, with words
 * chosen to be hostile to every output format (HTML, Markdown, roff, CSV).
 */
import fc from 'fast-check';

/** Words that mean something in one of the output formats, and plain ones. */
export const HOSTILE_WORDS = [
  'alpha',
  'beta',
  'gamma',
  'delta',
  '42',
  'x_1',
  'a^b',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<b>bold</b>',
  '&amp;',
  '&lt;',
  '"quoted"',
  "it's",
  '<!--',
  '-->',
  '[text](http://evil.example)',
  '![img](x.png)',
  '<http://evil.example>',
  '**not bold**',
  '`tick`',
  '# not a heading',
  '> not a quote',
  '1. not a list',
  '\\',
  '\\fB',
  "\\X'tty'",
  '\\*(Tm',
  '\\n(.g',
  '\\(em',
  "'br",
  '.so /etc/passwd',
  '.TH',
  'T{',
  'T}',
  '.TE',
  '#comment',
  ',',
  ';',
  '"a,b"',
  '|',
  '::',
  '@',
  '$x$',
  '%',
  '{}',
  '~',
  'javascript:alert(1)',
  'data:text/html,x',
  'ünïcödé',
  '日本語',
  '🙂',
] as const;

const word = fc.constantFrom(...HOSTILE_WORDS);
/** A word that does not break the construct it is in (a table cell cannot hold `|`). */
const cellWord = word.filter((w) => !w.includes('|'));

const markup = (inner: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 6, arbitrary: inner },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '*bold*',
        '/italic/',
        '_under_',
        '+strike+',
        '~code~',
        '=verbatim=',
        'x^2',
        'H_{2}O',
        '\\alpha',
        '\\\\',
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '[[https://example.com/p?a=1&b=<2>][a link]]',
        '[[https://example.com/q]]',
        '[[file:../../../etc/passwd]]',
        '[[file:/etc/passwd][abs]]',
        '[[javascript:alert(1)][js]]',
        '[[id:note-1][to note one]]',
        '[[elisp:(delete-file "x")][elisp]]',
        '<2024-01-02 Tue>',
        '@@html:<u>raw</u>@@',
      ),
    },
  );

/** One line of text: it never starts a new construct (heading, keyword, block, list, table). */
const line = fc
  .array(markup(word), { minLength: 1, maxLength: 8 })
  .map((words) => words.join(' '))
  .filter((l) => !/^\s*(\*+\s|#\+|[-+]\s|\d+[.)]\s|\||:\s|:[A-Za-z_-]+:|-{5,}|#\s|$)/.test(l));

const paragraph = fc
  .array(line, { minLength: 1, maxLength: 3 })
  .map((lines) => lines.join('\n') + '\n');

const list = fc
  .array(
    fc.tuple(
      fc.integer({ min: 0, max: 2 }),
      fc.constantFrom('- ', '+ ', '1. ', '- [ ] ', '- [X] ', '- term :: '),
      line,
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((items) => {
    let depth = 0;
    return items
      .map(([want, bullet, text]) => {
        depth = Math.min(want, depth + 1);
        return `${'  '.repeat(depth)}${bullet}${text}\n`;
      })
      .join('');
  });

const table = fc
  .tuple(
    fc.integer({ min: 1, max: 4 }),
    fc.boolean(),
    fc.array(fc.array(markup(cellWord), { minLength: 1, maxLength: 4 }), {
      minLength: 1,
      maxLength: 5,
    }),
  )
  .map(([columns, rule, rows]) => {
    const row = (cells: string[]) =>
      `| ${Array.from({ length: columns }, (_, i) => cells[i] ?? '').join(' | ')} |\n`;
    const [head, ...body] = rows;
    return (
      row(head!) +
      (rule ? '|-\n'.replace('-', Array.from({ length: columns }, () => '---').join('+')) : '') +
      body.map(row).join('')
    );
  });

const codeLine = fc
  .array(word, { minLength: 0, maxLength: 5 })
  .map((w) => w.join(' ').replace(/^(\*|#\+)/, ',$1'));
const block = fc
  .tuple(
    fc.constantFrom(
      'src sh',
      'src',
      'example',
      'quote',
      'verse',
      'center',
      'export html',
      'comment',
    ),
    fc.array(codeLine, { minLength: 0, maxLength: 3 }),
  )
  .map(
    ([kind, lines]) =>
      `#+begin_${kind}\n${lines.map((l) => l + '\n').join('')}#+end_${kind.split(' ')[0]}\n`,
  );

const misc = fc.constantFrom(
  '-----\n',
  '# a comment <script>\n',
  ': fixed width <b>\n',
  '#+CAPTION: a caption\n',
  '\n',
);

export const blocks = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: paragraph },
    { weight: 2, arbitrary: list },
    { weight: 2, arbitrary: table },
    { weight: 1, arbitrary: block },
    { weight: 1, arbitrary: misc },
  ),
  { maxLength: 4 },
);

const heading = fc
  .tuple(
    fc.integer({ min: 1, max: 4 }),
    fc.constantFrom('', 'TODO ', 'DONE '),
    line,
    fc.constantFrom('', ' :tag:', ' :a:b_c:'),
    fc.boolean(),
    blocks,
  )
  .map(([level, todo, title, tags, drawer, content]) => ({
    level,
    todo,
    title: title.replace(/:\S+:\s*$/, ''),
    tags,
    drawer,
    content,
  }));

export interface Generated {
  text: string;
}

/** A whole document: settings, a preamble, headings (unique IDs), LF or CRLF, with or without a BOM. */
export const orgDocument = fc
  .tuple(
    fc.option(line, { nil: undefined }),
    blocks,
    fc.array(heading, { maxLength: 5 }),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([title, preamble, headings, crlf, bom]) => {
    let text = title !== undefined ? `#+TITLE: ${title}\n` : '';
    text += preamble.join('\n');
    headings.forEach((h, i) => {
      text += `${'*'.repeat(h.level)} ${h.todo}${h.title}${h.tags}\n`;
      if (h.drawer) text += `:PROPERTIES:\n:ID: note-${i + 1}\n:CUSTOM_ID: c"${i}<x>\n:END:\n`;
      text += h.content.join('\n');
    });
    if (crlf) text = text.replace(/\n/g, '\r\n');
    return (bom ? '\uFEFF' : '') + text;
  });
