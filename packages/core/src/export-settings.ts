/**
 * What a file asks of every exporter: its `#+OPTIONS:` line read once into typed settings,
 * with Org's defaults, and its `#+EXCLUDE_TAGS:` / `#+SELECT_TAGS:` merged with the
 * configuration's tags.
 *
 * SPEC: (info "(org) Export Settings"); ox.el `org-export-options-alist` (which option
 * letter sets which `org-export-with-*` variable, and their defaults) and
 * `org-export--parse-option-keyword` (each value is `read` as a Lisp object: `t`, `nil`, a
 * number, a symbol or a list).
 */
import { posix } from 'node:path';
import type { Block, Document, Heading } from './types.js';

/** What the settings are read from: a document's `#+OPTIONS:` and tags (or a document index's copy of them). */
export type SettingsSource = {
  meta: Pick<Document['meta'], 'options' | 'excludeTags' | 'selectTags'>;
};

/** Tags the configuration adds to every file's own (issue 14: `excludeTags` in the config). */
export interface ExportConfig {
  // Read-only: configKey remembers a configuration's key by the object.
  readonly excludeTags?: readonly string[];
  readonly selectTags?: readonly string[];
}

/**
 * Which drawers are exported (SPEC: org-export-with-drawers): all, none, only the named ones,
 * or all but the named ones (`(not "LOGBOOK")`, Org's default). Names compare case-insensitively.
 */
export type DrawerRule = boolean | { only: readonly string[] } | { except: readonly string[] };

/** SPEC: org-export-with-tasks: t, nil, `todo`, `done`, or a list of keywords. */
export type TaskRule = boolean | 'todo' | 'done' | readonly string[];

export interface ExportSettings {
  /** `arch:` (org-export-with-archived-trees, default `headline`: the title without the body). */
  archivedTrees: boolean | 'headline';
  /** `todo:` (org-export-with-todo-keywords, default t). */
  todoKeywords: boolean;
  /** `pri:` (org-export-with-priority, default nil). */
  priority: boolean;
  /** `tags:` (org-export-with-tags, default t; `not-in-toc` keeps them out of tables of contents). */
  tags: boolean | 'not-in-toc';
  /** `toc:` (org-export-with-toc, default t in Org; see docs/deviations.md): a depth, true (down to `H:`) or false. */
  toc: number | boolean;
  /**
   * `H:` (org-export-headline-levels): the deepest level exported as a heading, deeper ones
   * are list items or paragraphs. null when the file does not say: Org's default is 3, each
   * format keeps its own (Markdown: 6, its limit).
   */
  headlineLevels: number | null;
  /** `^:` (org-export-with-sub-superscripts, default t; `{}` only with braces). The reader applies it. */
  subSuperscripts: boolean | '{}';
  /** `f:` (org-export-with-footnotes, default t). */
  footnotes: boolean;
  /** `d:` (org-export-with-drawers, default `(not "LOGBOOK")`). */
  drawers: DrawerRule;
  /** `<:` (org-export-with-timestamps, default t). */
  timestamps: boolean;
  /** `prop:` (org-export-with-properties, default nil): property drawers, all or the named keys. */
  properties: boolean | readonly string[];
  /** `c:` (org-export-with-clocks, default nil). */
  clocks: boolean;
  /** `p:` (org-export-with-planning, default nil). */
  planning: boolean;
  /** `author:` (org-export-with-author, default t). */
  author: boolean;
  /** `tasks:` (org-export-with-tasks, default t). */
  tasks: TaskRule;
  /** `#+EXCLUDE_TAGS:` (default `noexport`, SPEC: org-export-exclude-tags) and the config's. */
  excludeTags: readonly string[];
  /** `#+SELECT_TAGS:` (default `export`, SPEC: org-export-select-tags) and the config's. */
  selectTags: readonly string[];
}

/** A value of `#+OPTIONS:` as `read` sees it: a symbol or number (as text), or a list. */
type LispValue = string | { list: string[] };

/**
 * `(HIDE)`, `("A" "B")`, `(not "LOGBOOK")` -> a list of words; anything else stays text.
 * Bare words in a list are taken as names too (Emacs would read them as symbols, which never
 * equal a drawer name; see docs/deviations.md).
 */
function readValue(raw: string): LispValue {
  const list = /^\((.*)\)$/s.exec(raw.trim());
  if (!list) return raw;
  const items = [...list[1]!.matchAll(/"((?:[^"\\]|\\.)*)"|([^\s"()]+)/g)].map(
    (m) => m[1] ?? m[2]!,
  );
  return { list: items };
}

const isNil = (value: LispValue | undefined) =>
  value === 'nil' || (typeof value === 'object' && value.list.length === 0);

function flag(options: Record<string, string>, key: string, byDefault: boolean): boolean {
  const raw = options[key];
  if (raw === undefined) return byDefault;
  return !isNil(readValue(raw));
}

function drawerRule(raw: string | undefined): DrawerRule {
  if (raw === undefined) return { except: ['LOGBOOK'] };
  const value = readValue(raw);
  if (typeof value === 'string') return value !== 'nil';
  if (value.list[0] === 'not') return { except: value.list.slice(1) };
  return value.list.length === 0 ? false : { only: value.list };
}

function taskRule(raw: string | undefined): TaskRule {
  if (raw === undefined) return true;
  const value = readValue(raw);
  if (typeof value === 'object') return value.list.length === 0 ? false : value.list;
  if (value === 'nil') return false;
  return value === 'todo' || value === 'done' ? value : true;
}

function union(own: readonly string[], extra: readonly string[] | undefined): readonly string[] {
  return extra && extra.length > 0 ? [...new Set([...own, ...extra])] : own;
}

const settingsCache = new WeakMap<SettingsSource, Map<string, ExportSettings>>();

/**
 * The export settings of a document. The `#+OPTIONS:` text was parsed once, by the reader
 * (`document.meta.options`); this gives each option its meaning and default. Later
 * `#+OPTIONS:` lines override earlier ones, as in Org.
 */
export function exportSettings(
  document: SettingsSource,
  config: ExportConfig = {},
): ExportSettings {
  const key = configKey(config);
  let byConfig = settingsCache.get(document);
  if (!byConfig) settingsCache.set(document, (byConfig = new Map()));
  const cached = byConfig.get(key);
  if (cached) return cached;
  const o = document.meta.options;
  const arch = o['arch'] === undefined ? 'headline' : readValue(o['arch']);
  const toc = o['toc'] === undefined ? 'nil' : o['toc'];
  const h = o['H'] !== undefined && /^\d+$/.test(o['H']) ? Number(o['H']) : null;
  const prop = o['prop'] === undefined ? 'nil' : readValue(o['prop']);
  const sub = o['^'];
  const settings: ExportSettings = {
    archivedTrees: isNil(arch) ? false : arch === 'headline' ? 'headline' : true,
    todoKeywords: flag(o, 'todo', true),
    priority: flag(o, 'pri', false),
    tags: o['tags'] === 'not-in-toc' ? 'not-in-toc' : flag(o, 'tags', true),
    toc: /^\d+$/.test(toc) ? Number(toc) : !isNil(readValue(toc)),
    headlineLevels: h,
    subSuperscripts: sub === undefined ? true : sub === '{}' ? '{}' : !isNil(readValue(sub)),
    footnotes: flag(o, 'f', true),
    drawers: drawerRule(o['d']),
    timestamps: flag(o, '<', true),
    properties: typeof prop === 'object' ? prop.list : !isNil(prop),
    clocks: flag(o, 'c', false),
    planning: flag(o, 'p', false),
    author: flag(o, 'author', true),
    tasks: taskRule(o['tasks']),
    excludeTags: union(document.meta.excludeTags, config.excludeTags),
    selectTags: union(document.meta.selectTags, config.selectTags),
  };
  byConfig.set(key, settings);
  return settings;
}

export function configKey(config: ExportConfig): string {
  // Asked for at every cached lookup by configuration: most configurations name no tags.
  if (config.excludeTags === undefined && config.selectTags === undefined) return NO_TAGS_KEY;
  let key = configKeys.get(config);
  if (key === undefined) {
    key = JSON.stringify([config.excludeTags ?? [], config.selectTags ?? []]);
    configKeys.set(config, key);
  }
  return key;
}

const NO_TAGS_KEY = JSON.stringify([[], []]);
/** configKey's answers, by configuration object (a configuration is not changed once made). */
const configKeys = new WeakMap<ExportConfig, string>();

/**
 * The configuration's tags from a converter's options (`--exclude-tags`, `--select-tags`, or
 * `excludeTags` / `selectTags` of orgnotes.config.json passed down as those options).
 */
export function exportConfigFromOptions(options: Record<string, unknown>): ExportConfig {
  const tags = (value: unknown): string[] | undefined => {
    const items = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
    const words = items
      .flatMap((item) => (typeof item === 'string' ? item.split(/[\s,:]+/) : []))
      .filter(Boolean);
    return words.length > 0 ? words : undefined;
  };
  const exclude = tags(options['exclude-tags']);
  const select = tags(options['select-tags']);
  return {
    ...(exclude ? { excludeTags: exclude } : {}),
    ...(select ? { selectTags: select } : {}),
  };
}

/** Whether a drawer of this name is exported under `rule` (SPEC: org-export--skip-p, `drawer`). */
export function drawerExported(rule: DrawerRule, name: string): boolean {
  if (typeof rule === 'boolean') return rule;
  const upper = name.toUpperCase();
  if ('only' in rule) return rule.only.some((n) => n.toUpperCase() === upper);
  return !rule.except.some((n) => n.toUpperCase() === upper);
}

/**
 * The command-line flags every exporting converter takes for the configuration's tags, in the
 * shape of @orgnotes/cli's FlagSpec (declared here so that the flags are written once).
 */
export const EXPORT_TAG_FLAGS = {
  'exclude-tags': {
    type: 'string',
    multiple: true,
    valueName: 'TAG',
    description:
      'also leave out trees (and files, by #+FILETAGS) with this tag, besides #+EXCLUDE_TAGS (default noexport); repeat or separate with commas',
  },
  'select-tags': {
    type: 'string',
    multiple: true,
    valueName: 'TAG',
    description:
      'also export only trees with this tag (and their ancestors) when one has it, besides #+SELECT_TAGS (default export)',
  },
} as const;

/**
 * What a note's output file names depend on besides its path, read from the document once
 * (and kept in its index, so that an export knows every output path without parsing).
 */
export interface OutputNaming {
  /**
   * The first `#+EXPORT_FILE_NAME:` with a value, anywhere in the file, and where it stands.
   * SPEC: org-export-output-file-name (searches from `point-min` for the first keyword
   * matching `#+EXPORT_FILE_NAME:[ \t]+\S`).
   */
  exportFileName: { value: string; line: number; column: number } | null;
  /** The last `#+MAN_SECTION:` (org2man's page section, which is its file's extension). */
  manSection: string | null;
}

const namingCache = new WeakMap<Document, OutputNaming>();

/** A document's OutputNaming (writers ask it for every link to another note: kept once read). */
export function outputNaming(document: Document): OutputNaming {
  const cached = namingCache.get(document);
  if (cached) return cached;
  let exportFileName: OutputNaming['exportFileName'] = null;
  const search = (blocks: Block[]) => {
    for (const block of blocks) {
      if (exportFileName) return;
      if (block.type === 'keyword' && block.key === 'EXPORT_FILE_NAME' && block.value.trim())
        exportFileName = {
          value: block.value.trim(),
          line: block.loc?.line ?? 1,
          column: block.loc?.column ?? 1,
        };
    }
  };
  search(document.children);
  const walk = (headings: Heading[]) => {
    for (const heading of headings) {
      search(heading.content);
      walk(heading.children);
    }
  };
  walk(document.headings);
  const sections = document.meta.keywords['MAN_SECTION'];
  const manSection = sections?.[sections.length - 1]?.trim() || null;
  const naming = { exportFileName, manSection };
  namingCache.set(document, naming);
  return naming;
}

/** A note's output path without its extension, relative to any format's output directory. */
export interface OutputBase {
  /** `dir/name`: where every format's output of the note goes, with the format's extension. */
  base: string;
  /**
   * Why `#+EXPORT_FILE_NAME` cannot be followed (it leaves the output directory, or names no
   * file): then `base` is the mirrored input path, and the note must not be written.
   */
  problem: string | null;
}

/** `a/b.c` -> `a/b` (SPEC: file-name-sans-extension: a leading dot does not start an extension). */
function sansExtension(file: string): string {
  const parsed = posix.parse(file);
  return parsed.dir ? `${parsed.dir}/${parsed.name}` : parsed.name;
}

/**
 * Where a note's outputs go, for every format: its input path mirrored, or what its
 * `#+EXPORT_FILE_NAME:` says, relative to the note's directory, with the format's extension
 * in place of any the name has (SPEC: (info "(org) Export Settings"), EXPORT_FILE_NAME;
 * org-export-output-file-name: `(concat (file-name-sans-extension NAME) extension)`, a
 * relative NAME read from the visited file's directory). Unlike Emacs, a name that leaves
 * the output directory (`..`, an absolute path) is refused (docs/deviations.md).
 */
export function outputBase(path: string | undefined, naming: OutputNaming | undefined): OutputBase {
  const input = !path || path === '<stdin>' ? 'stdin.org' : path;
  const mirrored = sansExtension(input);
  const name = naming?.exportFileName?.value;
  if (name === undefined) return { base: mirrored, problem: null };
  const refuse = (why: string): OutputBase => ({
    base: mirrored,
    problem: `#+EXPORT_FILE_NAME: ${name} ${why}`,
  });
  if (/^(?:[/\\~]|[A-Za-z]:)/.test(name))
    return refuse('is absolute: it would land outside the output directory');
  const joined = posix.normalize(posix.join(posix.dirname(input), name.replace(/\\/g, '/')));
  if (joined === '..' || joined.startsWith('../')) return refuse('leaves the output directory');
  const file = name.replace(/\\/g, '/').split('/').pop();
  if (file === '' || file === '.' || file === '..') return refuse('names no file');
  return { base: sansExtension(joined), problem: null };
}
