/**
 * The one list of media types every writer uses: which linked files are pictures shown in
 * place, and their MIME types (for packages that must declare them).
 *
 * SPEC: ox.el `org-export-inline-image-p` (a link without a description whose path matches
 * a rule for its type is shown as an image), ox-html `org-html-inline-image-rules` (file:,
 * http: and https: links to .jpeg .jpg .png .gif .svg .webp .avif).
 */
import type { Link } from './types.js';

export interface MediaType {
  mime: string;
  /** Shown in place when linked without a description. */
  inlineImage: boolean;
}

/**
 * By lower-case extension. Org's inline-image extensions, plus three pictures that browsers
 * and Anki show as well (apng, bmp, ico; see docs/deviations.md). TIFF is not shown inline:
 * browsers do not display it.
 */
export const MEDIA_TYPES: Readonly<Record<string, MediaType>> = {
  png: { mime: 'image/png', inlineImage: true },
  jpg: { mime: 'image/jpeg', inlineImage: true },
  jpeg: { mime: 'image/jpeg', inlineImage: true },
  gif: { mime: 'image/gif', inlineImage: true },
  svg: { mime: 'image/svg+xml', inlineImage: true },
  webp: { mime: 'image/webp', inlineImage: true },
  avif: { mime: 'image/avif', inlineImage: true },
  apng: { mime: 'image/apng', inlineImage: true },
  bmp: { mime: 'image/bmp', inlineImage: true },
  ico: { mime: 'image/vnd.microsoft.icon', inlineImage: true },
  tif: { mime: 'image/tiff', inlineImage: false },
  tiff: { mime: 'image/tiff', inlineImage: false },
  pdf: { mime: 'application/pdf', inlineImage: false },
  mp3: { mime: 'audio/mpeg', inlineImage: false },
  ogg: { mime: 'audio/ogg', inlineImage: false },
  wav: { mime: 'audio/wav', inlineImage: false },
  mp4: { mime: 'video/mp4', inlineImage: false },
  webm: { mime: 'video/webm', inlineImage: false },
};

/** Link types whose paths may be shown as images (SPEC: org-html-inline-image-rules). */
const INLINE_IMAGE_LINK_TYPES = new Set(['file', 'attachment', 'http', 'https']);

/** The media type of a path or URL by its extension (a query or fragment is ignored); null when unknown. */
export function mediaType(pathOrUrl: string): MediaType | null {
  const m = /\.([A-Za-z0-9]+)$/.exec(pathOrUrl.replace(/[?#].*$/, ''));
  return m ? (MEDIA_TYPES[m[1]!.toLowerCase()] ?? null) : null;
}

/** Whether a path names a picture shown in place. */
export function isInlineImagePath(pathOrUrl: string): boolean {
  return mediaType(pathOrUrl)?.inlineImage === true;
}

/** SPEC: org-export-inline-image-p: no description, a link type of the rules, a picture's path. */
export function isInlineImage(link: Link): boolean {
  return (
    link.children.length === 0 &&
    INLINE_IMAGE_LINK_TYPES.has(link.linkType) &&
    isInlineImagePath(link.path)
  );
}
