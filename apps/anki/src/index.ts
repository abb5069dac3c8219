export {
  converter,
  convertToAnki,
  parseOptions,
  ankiOutputs,
  packagePath,
  DEFAULT_OPTIONS,
  MEDIA_DIR,
  PACKAGE_EXTENSION,
  type AnkiOptions,
  type AnkiResult,
  type PackagePer,
} from './convert.js';
export {
  buildPackage,
  loadPackageWriter,
  cardOrdinals,
  type PackageContents,
  type PackageMedia,
  type PackageOptions,
} from './apkg.js';
export { packageEpoch, DEFAULT_EPOCH } from './epoch.js';
export { setPackages, writeSetPackages } from './packages.js';
export { drillCardType, type DrillCardType } from './drill.js';
export { noteTypeOf, stockFields, type NoteType } from './note-types.js';
export {
  collectNotes,
  fileDeck,
  metadataOnly,
  uniqueTags,
  type AnkiNote,
  type CardOptions,
} from './cards.js';
export { writeAnkiCsv, fieldLabels, COLUMNS, type Separator } from './csv.js';
export { guidOf, type GuidKey } from './guid.js';
export { escapeHtml, escapeAttribute, cleanField, cleanTag, cleanDeck } from './escape.js';
export { flatMediaName } from './media.js';
export { FIELD_TAGS, VOID_FIELD_TAGS } from './field-tags.js';
