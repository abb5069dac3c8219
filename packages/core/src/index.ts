export * from './types.js';
export { readOrg, type ReadOptions, type ReadResult } from './reader.js';
export { printOrg, printInlines } from './printer.js';
export { signature } from './signature.js';
export { scanSettings, parseOptions, type FileSettings } from './settings.js';
export {
  formatDiagnostic,
  compareDiagnostics,
  compareText,
  LineIndex,
  type Diagnostic,
  type Severity,
} from './diagnostics.js';
export { plainText, macroSource } from './inline.js';
export {
  buildNoteSet,
  documentNames,
  indexDocument,
  environmentLabels,
  REF_LINK_TYPES,
  roamRefKeys,
  parseLinkKey,
  KnowledgeBase,
  LinkIndex,
  walkHeadings,
  forEachLink,
  footnoteDefinitions,
  type NoteSet,
  type LinkResolver,
  type DocumentIndex,
  type IndexedDocument,
  type IndexedTarget,
  type NoteSource,
  type FileStamp,
  type NoteSetOptions,
  type LinkTarget,
  type Backlink,
  type IndexedBacklink,
} from './notes.js';
export {
  readNotes,
  readInputFiles,
  collectInputs,
  decodeOrg,
  insideRealRoot,
  type InputFile,
  type InputSources,
  type CollectedInputs,
} from './load.js';
export { propertyMap, splitAliases } from './derived-fields.js';
export { documentJson, forgetDocumentJson, parseReadResult } from './serialized.js';
export { UNIORG_MAPPING } from './uniorg-mapping.js';
export { setProperty, setTitle } from './edit.js';
export {
  exportSettings,
  exportConfigFromOptions,
  drawerExported,
  outputNaming,
  outputBase,
  EXPORT_TAG_FLAGS,
  type OutputNaming,
  type OutputBase,
  type ExportConfig,
  type ExportSettings,
  type DrawerRule,
  type TaskRule,
} from './export-settings.js';
export {
  exportedTree,
  isFileExported,
  isIndexExported,
  exportedFileTags,
  isFootnoteSection,
  sourceExports,
  FOOTNOTE_SECTION,
  type ExportedTree,
  type ExportFinding,
  type SourceExports,
} from './export.js';
export {
  MEDIA_TYPES,
  mediaType,
  isInlineImagePath,
  isInlineImage,
  type MediaType,
} from './media.js';
export {
  expandForExport,
  includeKeywords,
  includeClosure,
  includedPath,
  parseInclude,
  macroArguments,
  formatTime,
  type ExpandOptions,
  type ExpandedDocument,
  type LineOrigin,
  type IncludeSpec,
} from './expand.js';
export {
  linkTarget,
  citationTarget,
  resolvedLink,
  documentBacklinks,
  infoUrl,
  orgRefCitation,
  referenceText,
  URL_LINK_TYPES,
  HIDDEN_LINK_TYPES,
  CITE_LINK_STYLES,
  PRIVATE_LINK_RULE,
  type ExportLinkTarget,
} from './link-target.js';
export {
  specialBlockLabel,
  latexEnvironmentExport,
  attributeValue,
  type SpecialBlockLabel,
  type LatexEnvironmentExport,
} from './block-export.js';
export { attachmentDirectory, attachmentAsFileLink } from './attachment.js';
export {
  noteDates,
  isoDate,
  publishedNotes,
  notesByTag,
  noteBacklinks,
  linkGraph,
  publishedFiles,
  compareNotes,
  type PublishedNote,
  type NoteBacklink,
  type GraphEdge,
} from './publish.js';
